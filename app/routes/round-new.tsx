import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RoundForm } from "~/components/forms/round-form";
import { PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { getProgram } from "~/modules/programs/programs.server";
import { roundSchema } from "~/modules/rounds/rounds.schema";
import { createRound, roundDefaults } from "~/modules/rounds/rounds.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New prototype round · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, defaults] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), orHttpError(roundDefaults(member.workspaceId, programId))]);
  return { program, defaults };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), roundSchema, async (input) => {
    const round = await createRound({ actor, programId, input });
    throw redirect(`/programs/${programId}/rounds/${round.id}`);
  });
}

export default function NewRound() {
  const { program, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="New prototype round"
        breadcrumb={<Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>}
        description="Describe what users will try. You add the usability tasks next, then open the round to send the invitations."
      />
      <RoundForm lastResult={lastResult} defaultValue={defaults} submitLabel="Create round" cancelTo={`/programs/${program.id}`} />
    </>
  );
}
