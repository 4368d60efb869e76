import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ProgramForm } from "~/components/forms/program-form";
import { PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { programSchema } from "~/modules/programs/programs.schema";
import { createProgram } from "~/modules/programs/programs.server";
import { handleSubmission } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "New program · Charter" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEditorPage(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  return handleSubmission(await request.formData(), programSchema, async (input) => {
    const program = await createProgram({ actor, input });
    throw redirect(`/programs/${program.id}`);
  });
}

export default function NewProgram() {
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="New program"
        breadcrumb={<Link to="/programs" className="hover:underline">Programs</Link>}
        description="A charter program for one product. You will enroll its charter customers next."
      />
      <ProgramForm lastResult={lastResult} submitLabel="Create program" cancelTo="/programs" />
    </>
  );
}
