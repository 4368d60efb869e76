import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formatDate } from "~/components/status";
import { Button, LinkButton } from "~/components/ui/button";
import { Badge, Card, EmptyState, Notice, PageHeader, Progress } from "~/components/ui/page";
import { FormErrors } from "~/components/ui/field";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { programStatusSchema } from "~/modules/programs/programs.schema";
import { MAX_CUSTOMERS, MIN_CUSTOMERS } from "~/modules/programs/limits";
import { setProgramArchived } from "~/modules/programs/programs.server";
import { listRounds } from "~/modules/rounds/rounds.server";
import { closeDateStatus } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { RoundStatusBadge } from "~/components/round-status";
import { asHttpError, idParam, orHttpError } from "~/utils/forms.server";
import { AppError } from "~/utils/errors";
import { markLaunched, programReadiness } from "~/modules/gates/readiness.server";
import { useWorkspace } from "./workspace";
import { importedMessage } from "./customer-import/preview";
import { FlashNotice } from "~/components/ui/flash";
import { liveAtLaunch } from "~/modules/golive/compare";
import { programGoLives } from "~/modules/golive/golive.server";
import { today } from "~/modules/rounds/schedule";
import { CustomerTable } from "./program/customer-table";
import { ReadinessSection } from "./program/readiness-section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.program.name ?? "Program"} · Charter` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const [rounds, { customerRows: customers, program, ...readiness }, goLives] = await Promise.all([
    listRounds(member.workspaceId, programId),
    orHttpError(programReadiness(member.workspaceId, programId)),
    programGoLives(member.workspaceId, programId),
  ]);
  const now = clock.now();
  const withSchedule = rounds.map((round) => ({ ...round, schedule: round.status === "closed" ? null : closeDateStatus(round.closesOn, now) }));
  const live = liveAtLaunch({ target: readiness.target, customers: readiness.customers, goLives, today: today(now) });
  return { program, customers, rounds: withSchedule, readiness, live };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const form = await request.formData();
  if (form.get("intent") === "launch") {
    try {
      const result = await markLaunched({ actor, programId, confirmFewerLive: form.get("confirm") === "fewer-live" });
      // Fewer referenceable customers live than the target: the page asks the PM to confirm.
      return { error: null, launchWarning: result.launched ? null : result.live.sentence };
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return data({ error: error.message }, { status: 409 });
      throw asHttpError(error);
    }
  }
  const parsed = programStatusSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "Choose archive or restore." }, { status: 400 });
  await orHttpError(setProgramArchived({ actor, programId, archived: parsed.data.intent === "archive" }));
  return { error: null };
}

export default function ProgramPage() {
  const { program, customers, rounds } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { canEdit } = useWorkspace();
  const seated = customers.filter((c) => c.status !== "withdrawn");
  const withdrawn = customers.filter((c) => c.status === "withdrawn");
  const archived = program.status === "archived";
  const full = seated.length >= MAX_CUSTOMERS;
  const overdue = rounds.find((r) => r.status === "open" && r.schedule?.overdue);
  const [searchParams] = useSearchParams();
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/programs" className="hover:underline">Programs</Link>}
        title={
          <span className="flex flex-wrap items-center gap-2">
            {program.name} {archived ? <Badge>Archived</Badge> : null}
          </span>
        }
        description={
          <>
            <span className="font-medium text-slate-800">{program.product}</span> — {program.valueHypothesis}
          </>
        }
        actions={
          canEdit ? (
            archived ? (
              <Form method="post">
                <input type="hidden" name="intent" value="restore" />
                <Button variant="secondary">Restore program</Button>
              </Form>
            ) : (
              <>
                <LinkButton to="edit" variant="secondary">
                  Edit
                </LinkButton>
                <LinkButton to="slack" variant="secondary">
                  Slack
                </LinkButton>
                <Form
                  method="post"
                  onSubmit={(event) => {
                    if (!confirm("Archive this program? It becomes read-only until you restore it.")) event.preventDefault();
                  }}
                >
                  <input type="hidden" name="intent" value="archive" />
                  <Button variant="secondary">Archive</Button>
                </Form>
              </>
            )
          ) : null
        }
      />
      {overdue?.schedule ? (
        <div className="mb-6">
          <Notice title={`Round ${overdue.number} is ${overdue.schedule.label}`}>
            It was planned to close on {formatDate(overdue.schedule.closesOn)}. <Link to={`rounds/${overdue.id}`} className="underline">Close it at the gate</Link>, or move its date if users and buyers need longer.
          </Notice>
        </div>
      ) : null}
      {archived ? (
        <div className="mb-6">
          <Notice tone="blue">This program was archived on {formatDate(program.archivedAt!)}. It is read-only until restored.</Notice>
        </div>
      ) : null}

      {actionData?.error ? (
        <div className="mb-4">
          <FormErrors errors={[actionData.error]} />
        </div>
      ) : null}
      <ReadinessSection canEdit={canEdit && !archived} />

      <div className="mt-8 grid gap-4 md:grid-cols-3">
        <Card className="md:col-span-2" title="Recruiting">
          <p className="text-lg font-semibold text-slate-900">
            {seated.length} of {MIN_CUSTOMERS} minimum enrolled
          </p>
          <p className="mb-3 text-sm text-slate-600">
            {seated.length < MIN_CUSTOMERS
              ? `Enroll ${MIN_CUSTOMERS - seated.length} more before the first prototype round can open.`
              : full
                ? `The program is full: ${MAX_CUSTOMERS} is the most it holds.`
                : `Enough to run rounds. Room for ${MAX_CUSTOMERS - seated.length} more (at most ${MAX_CUSTOMERS}).`}
          </p>
          <Progress value={seated.length} max={MIN_CUSTOMERS} label="Charter customers enrolled against the minimum of 6" />
        </Card>
        <Card title="Launch target">
          <p className="text-lg font-semibold text-slate-900">{program.targetReferenceable} referenceable</p>
          <p className="text-sm text-slate-600">customers who pass both the usable and the valuable test, and agree to be references.</p>
        </Card>
      </div>

      <section className="mt-8" aria-labelledby="rounds-heading">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="rounds-heading" className="text-lg font-semibold text-slate-900">
            Prototype rounds
          </h2>
          {canEdit && !archived && rounds.length > 0 ? <LinkButton to="rounds/new" variant="secondary">New round</LinkButton> : null}
        </div>
        {rounds.length === 0 ? (
          <EmptyState title="No prototype rounds yet" action={canEdit && !archived ? <LinkButton to="rounds/new">Plan the first round</LinkButton> : null}>
            A round shows the charter customers a prototype: their users try a few tasks and rate it, their buyers say whether it is worth paying for.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
            {rounds.map((round) => (
              <li key={round.id}>
                <Link to={`rounds/${round.id}`} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
                  <span className="font-medium text-slate-900">
                    Round {round.number}: {round.title}
                  </span>
                  <span className="flex items-center gap-3 text-sm text-slate-600">
                    <span>
                      {round.tasks} {round.tasks === 1 ? "task" : "tasks"} · {round.responses} {round.responses === 1 ? "response" : "responses"}
                    </span>
                    {round.schedule && round.status === "open" ? (
                      <span className={round.schedule.overdue ? "font-medium text-amber-800" : undefined}>
                        closes {formatDate(round.schedule.closesOn)} · {round.schedule.label}
                      </span>
                    ) : null}
                    <RoundStatusBadge status={round.status} outcome={round.outcome} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="mt-8" aria-labelledby="customers-heading">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
          <h2 id="customers-heading" className="text-lg font-semibold text-slate-900">
            Charter customers
          </h2>
          {canEdit && !archived && seated.length > 0 ? (
            full ? (
              <p className="text-sm text-slate-600">Full — withdraw a customer to enroll another.</p>
            ) : (
              <span className="flex flex-wrap gap-2">
                <LinkButton to="customers/import" variant="secondary">Import from CSV</LinkButton>
                <LinkButton to="customers/new">Enroll customer</LinkButton>
              </span>
            )
          ) : null}
        </div>
        <FlashNotice message={importedMessage(searchParams)} />
        {seated.length === 0 ? (
          <EmptyState title="No charter customers yet" action={
              canEdit && !archived ? (
                <>
                  <LinkButton to="customers/new">Enroll the first customer</LinkButton>
                  <LinkButton to="customers/import" variant="secondary">Import from CSV</LinkButton>
                </>
              ) : null
            }>
            Enroll 6–10 organisations from your target market. For each, add its economic buyer and the users who would work with the product every day.
          </EmptyState>
        ) : (
          <CustomerTable customers={seated} minUsers={program.minResponses} itClearanceRequired={program.itClearanceRequired} label="Customer list" />
        )}
        {withdrawn.length > 0 ? (
          <details className="mt-6">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">Withdrawn ({withdrawn.length})</summary>
            <div className="mt-3">
              <CustomerTable customers={withdrawn} minUsers={program.minResponses} itClearanceRequired={program.itClearanceRequired} label="Withdrawn customers" />
            </div>
          </details>
        ) : null}
      </section>
    </>
  );
}
