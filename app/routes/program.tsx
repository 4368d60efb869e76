import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CustomerStatusBadge, formatDate } from "~/components/status";
import { Button, LinkButton } from "~/components/ui/button";
import { Badge, Card, EmptyState, Notice, PageHeader, Progress, ScrollRegion } from "~/components/ui/page";
import { FormErrors } from "~/components/ui/field";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { coverageGaps } from "~/modules/customers/coverage";
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
import { QuadrantChart } from "~/components/charts/quadrant-chart";
import { TrendChart } from "~/components/charts/trend-chart";
import { SusDistribution } from "~/components/charts/sus-distribution";
import { UsableFigures } from "~/components/sample-figures";
import { UsableBadge } from "~/components/round-status";
import { SignoffStateBadge } from "~/components/signoff-status";
import { useWorkspace } from "./workspace";
import { importedMessage } from "./customer-import/preview";
import { FlashNotice } from "~/components/ui/flash";
import { liveAtLaunch } from "~/modules/golive/compare";
import { programGoLives } from "~/modules/golive/golive.server";
import { today } from "~/modules/rounds/schedule";
import { LaunchPanel } from "./program/launch-panel";

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

type CustomerRow = ReturnType<typeof useLoaderData<typeof loader>>["customers"][number];

function CustomerTable({ customers, minUsers, itClearanceRequired, label }: { customers: CustomerRow[]; minUsers: number; itClearanceRequired: boolean; label: string }) {
  return (
    <ScrollRegion label={label}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Status</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Buyer</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Users</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Coverage</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {customers.map((c) => {
            const gaps = c.status === "withdrawn" ? [] : coverageGaps({ buyers: c.buyers, users: c.users, gatekeepers: c.gatekeepers, minUsers, itClearanceRequired });
            return (
              <tr key={c.id}>
                <td className="px-4 py-3">
                  <Link to={`customers/${c.id}`} className="font-medium text-brand-700 underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                  {c.segment ? <div className="text-slate-500">{c.segment}</div> : null}
                </td>
                <td className="px-4 py-3">
                  <CustomerStatusBadge status={c.status} />
                </td>
                <td className="hidden px-4 py-3 sm:table-cell">{c.buyers > 0 ? "Yes" : <span className="text-amber-800">None</span>}</td>
                <td className="hidden px-4 py-3 sm:table-cell">{c.users}</td>
                <td className="px-4 py-3">
                  {gaps.length === 0 ? <Badge tone="green">Complete</Badge> : <Badge tone="amber">{gaps.length === 1 ? "1 gap" : `${gaps.length} gaps`}</Badge>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const blockedLabel = { both: "Blocked on both tests", value: "Blocked on value", usability: "Blocked on usability", consent: "No reference consent", it: "Blocked on IT", not_active: "Not active", no_closed_round: "No closed round" } as const;

/** The answer first: how many referenceable customers against the target, and why not the rest. */
function ReadinessSection({ canEdit }: { canEdit: boolean }) {
  const { program, readiness } = useLoaderData<typeof loader>();
  const { current } = readiness;
  return (
    <section aria-labelledby="readiness-heading" className="space-y-6">
      <div className={`rounded-lg p-5 ring-1 ${readiness.launchReady ? "bg-green-50 ring-green-200" : "bg-white ring-slate-200"}`}>
        <h2 id="readiness-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Launch readiness
        </h2>
        <p className="mt-1 text-2xl font-semibold text-slate-900">{readiness.headline}</p>
        <LaunchPanel canEdit={canEdit} />
        <p className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          <a href={`/programs/${program.id}/readiness.csv`} className="text-brand-700 underline">Readiness as CSV</a>
          <Link to="themes" className="text-brand-700 underline">Themes across customers</Link>
          <a href={`/programs/${program.id}/evidence.json`} className="text-brand-700 underline">All evidence as JSON</a>
          <Link to="requirements/matrix" className="text-brand-700 underline">Requirements matrix</Link>
          <Link to="audit" className="text-brand-700 underline">Audit log</Link>
          <Link to="requirements" className="text-brand-700 underline">Technical requirements</Link>
          <Link to="references" className="text-brand-700 underline">Reference library</Link>
        </p>
      </div>

      {readiness.customers.length > 0 ? (
        <ScrollRegion label="Readiness table">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="sr-only">Each customer's readiness</caption>
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Referenceable?</th>
                <th scope="col" className="px-4 py-2.5 font-medium">Why</th>
                {current ? <th scope="col" className="px-4 py-2.5 font-medium">Round {current.round.number}: usable</th> : null}
                {current ? <th scope="col" className="px-4 py-2.5 font-medium">Round {current.round.number}: valuable</th> : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {readiness.customers.map((c) => {
                const now = current?.evaluations.find((e) => e.customerId === c.customerId);
                return (
                  <tr key={c.customerId}>
                    <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">{c.name}</th>
                    <td className="px-4 py-3">
                      {c.referenceable ? (
                        <span className="flex flex-col gap-1">
                          <Badge tone="green">Referenceable</Badge>
                          <Link to={`customers/${c.customerId}/dossier`} className="text-xs text-brand-700 underline">Reference dossier<span className="sr-only"> of {c.name}</span></Link>
                        </span>
                      ) : (
                        <Badge tone={c.blockedOn === "both" || c.blockedOn === "value" || c.blockedOn === "usability" || c.blockedOn === "it" ? "amber" : "gray"}>{blockedLabel[c.blockedOn]}</Badge>
                      )}
                    </td>
                    <td className="px-4 py-3 text-slate-700">{c.reason}</td>
                    {current ? (
                      <td className="px-4 py-3">
                        {now ? <><UsableBadge state={now.usable.state} /><span className="block text-xs text-slate-600">{now.usable.reasons.join(", ")}</span><UsableFigures figures={current.figures.find((f) => f.customerId === c.customerId)} /></> : "—"}
                      </td>
                    ) : null}
                    {current ? (
                      <td className="px-4 py-3">
                        {now ? <><SignoffStateBadge state={now.valuable.state} /><span className="block text-xs text-slate-600">{now.valuable.reason}</span></> : "—"}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}

      {current ? (
        <div className="grid gap-6 lg:grid-cols-2">
          {/* min-w-0: a grid item is otherwise as wide as its widest content (the trend's table). */}
          <Card title={`Round ${current.round.number}: where each customer stands`} className="min-w-0">
            <QuadrantChart customers={current.evaluations} caption={`Round ${current.round.number}: ${current.gate.summary}`} />
          </Card>
          {readiness.trend.length > 0 ? (
            <Card title="Trend over rounds" className="min-w-0">
              <TrendChart rounds={readiness.trend} />
            </Card>
          ) : null}
        </div>
      ) : null}

      {readiness.trend.length > 0 ? (
        <Card title="SUS per round: every user's score">
          <SusDistribution rounds={readiness.trend} />
        </Card>
      ) : null}

      {readiness.gaps.length > 0 ? (
        <Card title="Gaps in the decision-making units">
          <ul className="space-y-1 text-sm">
            {readiness.gaps.map((g) => (
              <li key={g.customerId}>
                <Link to={`customers/${g.customerId}`} className="font-medium text-brand-700 underline">{g.name}</Link>: {g.gaps.join(" ")}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </section>
  );
}
