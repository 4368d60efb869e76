import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ProgramForm } from "~/components/forms/program-form";
import { Button } from "~/components/ui/button";
import { FormErrors, TextareaField } from "~/components/ui/field";
import { FlashNotice } from "~/components/ui/flash";
import { Card, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { programSchema } from "~/modules/programs/programs.schema";
import { getProgram, updateProgram } from "~/modules/programs/programs.server";
import { applyCaseTemplate, caseTemplate, saveCaseTemplate } from "~/modules/signoff/business-case.server";
import { caseTemplateSchema } from "~/modules/signoff/signoff.schema";
import { validateWith } from "~/utils/form-options";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { z } from "~/utils/zod";

export const meta: MetaFunction = () => [{ title: "Edit program · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, template] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), orHttpError(caseTemplate(member.workspaceId, programId))]);
  return { program, template };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const formData = await request.formData();
  // Three forms on the page: the program's settings, its case template, and applying the template.
  switch (formData.get("intent")) {
    case "template":
      return handleSubmission(formData, caseTemplateSchema.extend({ intent: z.literal("template") }), async ({ intent: _, ...input }) => {
        await saveCaseTemplate({ actor, programId, input });
        return "Template saved.";
      });
    case "apply-template":
      return handleSubmission(formData, z.object({ intent: z.literal("apply-template") }), async () => {
        const { applied } = await applyCaseTemplate({ actor, programId });
        return applied.length ? `A first version of the case was written for ${applied.join(", ")}.` : "Every customer already has a case.";
      });
    default:
      return handleSubmission(formData, programSchema, async (input) => {
        await updateProgram({ actor, programId, input });
        throw redirect(`/programs/${programId}`);
      });
  }
}

export default function EditProgram() {
  const { program, template } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const templateResult = lastResult?.formIntent === "template" ? lastResult : undefined;
  const applyResult = lastResult?.formIntent === "apply-template" ? lastResult : undefined;
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  const [form, fields] = useForm({
    id: "case-template",
    lastResult: templateResult,
    defaultValue: template,
    ...validateWith(caseTemplateSchema),
  });
  const busy = (intent: string) => navigation.formData?.get("intent") === intent;
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
      <ProgramForm lastResult={lastResult?.formIntent ? undefined : lastResult} defaultValue={program} submitLabel="Save changes" cancelTo={`/programs/${program.id}`} />

      <Card title="Business case template" className="mt-10 max-w-2xl">
        <p className="mb-4 text-sm text-slate-600">
          A starting point for every customer's case. Write <code>{"{customer}"}</code> where the customer's name belongs. Applying it gives each customer without a case a first version;
          cases already written are left as they are, and each stays editable on its own page.
        </p>
        <div className="mb-4 space-y-3">
          <FlashNotice message={templateResult || applyResult ? message : null} />
          <FormErrors errors={applyResult?.error?.[""] ?? undefined} />
        </div>
        <Form method="post" className="space-y-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="template" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextareaField label="The problem" hint="For example: {customer} plans shifts by hand." textareaProps={getTextareaProps(fields.problem)} errors={fields.problem.errors} />
          <TextareaField label="The value claimed" textareaProps={getTextareaProps(fields.valueClaimed)} errors={fields.valueClaimed.errors} />
          <TextareaField label="Proposed price or terms" textareaProps={{ ...getTextareaProps(fields.priceTerms), rows: 2 }} errors={fields.priceTerms.errors} />
          <Button variant="secondary" disabled={busy("template")}>Save the template</Button>
        </Form>
        <Form method="post" className="mt-4 border-t border-slate-100 pt-4">
          <input type="hidden" name="intent" value="apply-template" />
          <Button disabled={busy("apply-template") || !template.problem}>Apply to every customer without a case</Button>
        </Form>
      </Card>
    </>
  );
}
