import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { Button, LinkButton } from "~/components/ui/button";
import { Badge, EmptyState, PageHeader, Progress } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { addDemoProgram } from "~/modules/demo/demo.server";
import { MIN_CUSTOMERS } from "~/modules/programs/limits";
import { listPrograms } from "~/modules/programs/programs.server";
import { workspaceReadiness } from "~/modules/gates/readiness.server";
import { closeDateStatus } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { orHttpError } from "~/utils/forms.server";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction = () => [{ title: "Programs · Charter" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const [programs, readiness] = await Promise.all([listPrograms(member.workspaceId), workspaceReadiness(member.workspaceId)]);
  const now = clock.now();
  return {
    programs: programs.map(({ openRound, ...p }) => ({
      ...p,
      readiness: readiness.get(p.id) ?? null,
      openRound: openRound && { number: openRound.number, schedule: closeDateStatus(openRound.closesOn, now) },
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const form = await request.formData();
  if (form.get("intent") !== "load-demo") throw new Response("Unknown action", { status: 400 });
  // A second load (a double click, a stale page) is refused with the sentence why: one demo per workspace.
  const programId = await orHttpError(addDemoProgram(actor));
  throw redirect(`/programs/${programId}`);
}

export default function Programs() {
  const { programs } = useLoaderData<typeof loader>();
  const { canEdit } = useWorkspace();
  const loadingDemo = useNavigation().formData?.get("intent") === "load-demo";
  const active = programs.filter((p) => p.status === "active");
  const archived = programs.filter((p) => p.status === "archived");
  return (
    <>
      <PageHeader
        title="Programs"
        description="Each program recruits 6–10 charter customers and runs prototype rounds until enough of them are referenceable."
        actions={canEdit && programs.length > 0 ? <LinkButton to="/programs/new">New program</LinkButton> : null}
      />
      {programs.length === 0 ? (
        <EmptyState
          title="No programs yet"
          action={
            canEdit ? (
              <>
                <LinkButton to="/programs/new">Create a program</LinkButton>
                <Form method="post">
                  <input type="hidden" name="intent" value="load-demo" />
                  <Button variant="secondary" disabled={loadingDemo}>
                    {loadingDemo ? "Loading demo…" : "Load a demo program"}
                  </Button>
                </Form>
              </>
            ) : null
          }
        >
          {canEdit
            ? "Start a charter program for a product you are about to build, or load a demo program to see a populated portal."
            : "A PM of your team has not created a program yet."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {active.map((program) => (
            <li key={program.id}>
              <Link
                to={`/programs/${program.id}`}
                className="block h-full rounded-lg bg-white p-5 shadow-xs ring-1 ring-slate-200 transition hover:ring-brand-600"
              >
                <h2 className="font-semibold text-slate-900">{program.name}</h2>
                <p className="text-sm text-slate-600">{program.product}</p>
                <p className="mt-2 line-clamp-2 text-sm text-slate-700">{program.valueHypothesis}</p>
                {program.readiness ? (
                  <p className={`mt-3 text-sm font-medium ${program.readiness.referenceable >= program.readiness.target ? "text-green-800" : "text-slate-900"}`}>
                    {program.readiness.headline}
                    {program.readiness.referenceable >= program.readiness.target ? " · launch-ready" : ""}
                  </p>
                ) : null}
                {program.openRound ? (
                  <p className={`mt-1 text-sm ${program.openRound.schedule?.overdue ? "font-medium text-amber-800" : "text-slate-600"}`}>
                    Round {program.openRound.number} open{program.openRound.schedule ? ` · ${program.openRound.schedule.label}` : ""}
                  </p>
                ) : null}
                <div className="mt-4">
                  <div className="mb-1 flex justify-between text-sm">
                    <span className="text-slate-700">
                      {program.enrolledCount} of {MIN_CUSTOMERS} minimum enrolled
                    </span>
                    <span className="text-slate-500">{program.activeCount} active</span>
                  </div>
                  <Progress value={program.enrolledCount} max={MIN_CUSTOMERS} label={`${program.name}: customers enrolled`} />
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 ? (
        <section className="mt-10">
          <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-slate-500">Archived</h2>
          <ul className="divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200">
            {archived.map((program) => (
              <li key={program.id} className="flex items-center justify-between gap-3 px-4 py-3">
                <Link to={`/programs/${program.id}`} className="font-medium text-slate-800 underline-offset-2 hover:underline">
                  {program.name}
                </Link>
                <Badge>Archived</Badge>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
