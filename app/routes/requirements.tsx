import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { LabelledCard } from "~/components/labelled-card";
import { Button } from "~/components/ui/button";
import { Field, FormErrors, TextareaField } from "~/components/ui/field";
import { FlashNotice } from "~/components/ui/flash";
import { Card, EmptyState, PageHeader } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { requirementSchema, type RequirementInput } from "~/modules/clearance/clearance.schema";
import { addRequirement, listRequirements, moveRequirement, removeRequirement, updateRequirement } from "~/modules/clearance/requirements.server";
import { getProgram } from "~/modules/programs/programs.server";
import { validateWith } from "~/utils/form-options";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { z } from "~/utils/zod";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Technical requirements: ${data.program.name} · Charter` : "Technical requirements · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const [program, requirements] = await Promise.all([orHttpError(getProgram(member.workspaceId, programId)), listRequirements(member.workspaceId, programId)]);
  return { program, requirements };
}

const requirementId = z.uuid({ error: "This requirement is no longer listed; reload the page." });
const actionSchema = z.discriminatedUnion("intent", [
  requirementSchema.extend({ intent: z.literal("add") }),
  requirementSchema.extend({ intent: z.literal("edit"), requirementId }),
  z.object({ intent: z.literal("remove"), requirementId }),
  z.object({ intent: z.literal("move"), requirementId, direction: z.enum(["up", "down"], { error: "Choose up or down." }) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), actionSchema, async (input) => {
    switch (input.intent) {
      case "add":
        await addRequirement({ actor, programId, input });
        return `Added “${input.title}”.`;
      case "edit":
        await updateRequirement({ actor, programId, requirementId: input.requirementId, input });
        return `Saved “${input.title}”. Briefs show the new wording from their next version.`;
      case "remove":
        await removeRequirement({ actor, programId, requirementId: input.requirementId });
        return "Requirement removed. Briefs leave it out from their next version.";
      case "move":
        await moveRequirement({ actor, programId, requirementId: input.requirementId, direction: input.direction });
        return "Order changed.";
    }
  });
}

export default function RequirementsPage() {
  const { program, requirements } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active";
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  const otherError = lastResult?.formIntent && lastResult.formIntent !== "add" && lastResult.formIntent !== "edit" ? (lastResult.error?.[""] ?? undefined) : undefined;

  return (
    <>
      <PageHeader
        title="Technical requirements"
        breadcrumb={<Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>}
        description="What customers' IT and security gatekeepers need before they let the product in (single sign-on, data protection, integration …). Each customer's technical brief answers them, in this order, and the gatekeeper marks each one met, needs work or blocker."
      />
      <div className="mb-6 space-y-3">
        <FlashNotice message={message} />
        <FormErrors errors={otherError} />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={`Requirements (${requirements.length})`} className="lg:col-span-2">
          {requirements.length === 0 ? (
            <EmptyState title="No requirements yet">{canEdit ? "Add the first one: what does a customer's IT department ask before it says yes?" : "The PM has not listed any yet."}</EmptyState>
          ) : (
            <ol className="divide-y divide-slate-200">
              {requirements.map((r, i) => (
                <li key={r.id} className="py-3">
                  <p className="font-medium text-slate-900">
                    {i + 1}. {r.title}
                  </p>
                  {r.need ? <p className="mt-0.5 whitespace-pre-line text-sm text-slate-700">{r.need}</p> : null}
                  {canEdit ? <RequirementControls requirement={r} first={i === 0} last={i === requirements.length - 1} lastResult={lastResult} /> : null}
                </li>
              ))}
            </ol>
          )}
        </Card>
        {canEdit ? <AddRequirement lastResult={lastResult} /> : null}
      </div>
    </>
  );
}

type Result = ReturnType<typeof useActionData<typeof action>>;

function AddRequirement({ lastResult }: { lastResult: Result }) {
  const busy = useNavigation().formData?.get("intent") === "add";
  const [form, fields] = useForm<RequirementInput>({ id: "add-requirement", lastResult: lastResult?.formIntent === "add" ? lastResult : null, ...validateWith(requirementSchema) });
  return (
    <LabelledCard title="Add a requirement">
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="add" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field label="Requirement" hint="Short, like “SAML single sign-on”." inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
        <TextareaField label="What is needed" hint="Optional: in the customer's words." textareaProps={{ ...getTextareaProps(fields.need), rows: 3 }} errors={fields.need.errors} />
        <Button disabled={busy}>Add requirement</Button>
      </Form>
    </LabelledCard>
  );
}

function RequirementControls({ requirement, first, last, lastResult }: { requirement: { id: string; title: string; need: string }; first: boolean; last: boolean; lastResult: Result }) {
  const mine = lastResult?.formIntent === "edit" && lastResult.initialValue?.requirementId === requirement.id;
  const [form, fields] = useForm<RequirementInput>({
    id: `edit-${requirement.id}`,
    lastResult: mine ? lastResult : null,
    defaultValue: { title: requirement.title, need: requirement.need },
    ...validateWith(requirementSchema),
  });
  return (
    <div className="mt-2 flex flex-wrap items-start gap-2">
      <details className="w-full sm:w-auto" open={mine && lastResult?.status === "error"}>
        <summary className="cursor-pointer text-sm font-medium text-brand-700 underline">Edit “{requirement.title}”</summary>
        <Form method="post" className="mt-2 space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="requirementId" value={requirement.id} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field label="Requirement" inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
          <TextareaField label="What is needed" textareaProps={{ ...getTextareaProps(fields.need), rows: 2 }} errors={fields.need.errors} />
          <Button variant="secondary">Save</Button>
        </Form>
      </details>
      <Form method="post" className="flex gap-2">
        <input type="hidden" name="requirementId" value={requirement.id} />
        <input type="hidden" name="intent" value="move" />
        <Button variant="ghost" name="direction" value="up" disabled={first} aria-label={`Move “${requirement.title}” up`}>
          Up
        </Button>
        <Button variant="ghost" name="direction" value="down" disabled={last} aria-label={`Move “${requirement.title}” down`}>
          Down
        </Button>
      </Form>
      <Form
        method="post"
        onSubmit={(event) => {
          // One click next to Up and Down would otherwise drop it from every customer's next brief.
          if (!confirm(`Remove “${requirement.title}”? Each customer's technical brief leaves it out from its next version.`)) event.preventDefault();
        }}
      >
        <input type="hidden" name="requirementId" value={requirement.id} />
        <input type="hidden" name="intent" value="remove" />
        <Button variant="ghost" aria-label={`Remove “${requirement.title}”`}>
          Remove
        </Button>
      </Form>
    </div>
  );
}
