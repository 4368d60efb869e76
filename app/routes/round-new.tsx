import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RoundForm } from "~/components/forms/round-form";
import { CheckboxField } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { getProgram } from "~/modules/programs/programs.server";
import { newRoundSchema } from "~/modules/rounds/rounds.schema";
import { newRoundPlan } from "~/modules/rounds/plan.server";
import { createRound } from "~/modules/rounds/rounds.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New prototype round · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, plan] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), orHttpError(newRoundPlan(member.workspaceId, programId))]);
  return { program, ...plan };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), newRoundSchema, async ({ copyTasks, ...input }) => {
    const round = await createRound({ actor, programId, input, copyTasks: copyTasks ?? false });
    throw redirect(`/programs/${programId}/rounds/${round.id}`);
  });
}

export default function NewRound() {
  const { program, defaults, previous } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="New prototype round"
        breadcrumb={<Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>}
        description={
          previous
            ? `It starts from round ${previous.number}: its thresholds and prototype link are filled in below, and its tasks can come along. Change what round ${previous.number} taught you to change.`
            : "Describe what users will try. You add the usability tasks next, then open the round to send the invitations."
        }
      />
      {previous ? <PreviousRound previous={previous} /> : null}
      <RoundForm lastResult={lastResult} defaultValue={defaults} submitLabel="Create round" cancelTo={`/programs/${program.id}`}>
        {previous && previous.tasks.length > 0 ? (
          <CheckboxField
            label={`Start with round ${previous.number}'s ${previous.tasks.length === 1 ? "task" : `${previous.tasks.length} tasks`}`}
            hint="You can change, reorder or remove them before the round opens."
            inputProps={{ id: "copy-tasks", name: "copyTasks", defaultChecked: true }}
          />
        ) : null}
      </RoundForm>
    </>
  );
}

type Previous = NonNullable<Awaited<ReturnType<typeof newRoundPlan>>["previous"]>;

/** What the previous round taught: its outcome, the note written at its close, and who it missed. */
function PreviousRound({ previous }: { previous: Previous }) {
  const state =
    previous.status === "closed"
      ? `closed as ${previous.outcome === "passed" ? "passed" : "iterate"}${previous.gate ? `: ${previous.gate.passing} of ${previous.gate.target} customers passed both tests` : ""}`
      : previous.status === "open"
        ? "still open: close it at the gate before this round opens"
        : "a draft that has not opened";
  return (
    <Card title={`What round ${previous.number} taught`} className="mb-6 max-w-2xl">
      <p className="text-sm text-slate-700">
        <span className="font-medium">{previous.title}</span> — {state}.
      </p>
      {previous.closeNote ? (
        <p className="mt-2 whitespace-pre-line text-sm text-slate-700">
          <span className="font-medium">What was learned: </span>
          {previous.closeNote}
        </p>
      ) : null}
      {previous.gate && previous.gate.missing.length > 0 ? (
        <>
          <h3 className="mt-3 text-sm font-semibold text-slate-900">Customers it missed</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
            {previous.gate.missing.map((m) => (
              <li key={m.name}>
                <span className="font-medium">{m.name}</span>: {m.reasons.join("; ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {previous.tasks.length > 0 ? (
        <>
          <h3 className="mt-3 text-sm font-semibold text-slate-900">Its tasks</h3>
          <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm text-slate-700">
            {previous.tasks.map((task, i) => (
              <li key={i}>{task}</li>
            ))}
          </ol>
        </>
      ) : null}
    </Card>
  );
}
