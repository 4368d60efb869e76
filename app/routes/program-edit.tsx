import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ProgramForm } from "~/components/forms/program-form";
import { PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { programSchema } from "~/modules/programs/programs.schema";
import { getProgram, updateProgram } from "~/modules/programs/programs.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Edit program · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  return { program: await orHttpError(getProgram(member.workspaceId, idParam(params.programId))) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), programSchema, async (input) => {
    await updateProgram({ actor, programId, input });
    throw redirect(`/programs/${programId}`);
  });
}

export default function EditProgram() {
  const { program } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Edit program"
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>
          </>
        }
      />
      <ProgramForm lastResult={lastResult} defaultValue={program} submitLabel="Save changes" cancelTo={`/programs/${program.id}`} />
    </>
  );
}
