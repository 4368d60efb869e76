import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RoundForm } from "~/components/forms/round-form";
import { PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { getProgram } from "~/modules/programs/programs.server";
import { roundSchema } from "~/modules/rounds/rounds.schema";
import { getRound, updateRound } from "~/modules/rounds/rounds.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Edit round · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, round] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getRound(member.workspaceId, programId, idParam(params.roundId))),
  ]);
  if (round.status === "closed") throw new Response("A closed round cannot change.", { status: 409 });
  return { program, round };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  return handleSubmission(await request.formData(), roundSchema, async (input) => {
    await updateRound({ actor, programId, roundId, input });
    throw redirect(`/programs/${programId}/rounds/${roundId}`);
  });
}

export default function EditRound() {
  const { program, round } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const back = `/programs/${program.id}/rounds/${round.id}`;
  return (
    <>
      <PageHeader
        title={`Edit round ${round.number}`}
        breadcrumb={
          <>
            <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link> / <Link to={back} className="hover:underline">Round {round.number}</Link>
          </>
        }
      />
      <RoundForm
        lastResult={lastResult}
        defaultValue={{ ...round, minTaskCompletionPct: Math.round(round.minTaskCompletion * 1000) / 10 }}
        submitLabel="Save changes"
        cancelTo={back}
        thresholdsLocked={round.status === "open"}
      />
    </>
  );
}
