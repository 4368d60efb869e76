import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate } from "~/components/status";
import { Button, LinkButton } from "~/components/ui/button";
import { Field, FormErrors, SelectField, TextareaField } from "~/components/ui/field";
import { EmptyState, Notice, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { kindLabel, referenceKinds } from "~/modules/references/kinds";
import { requestOptions } from "~/modules/references/library.server";
import { referenceRequestSchema } from "~/modules/references/references.schema";
import { requestReference } from "~/modules/references/requests.server";
import { validateWith } from "~/utils/form-options";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Request a reference · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const options = await orHttpError(requestOptions(member.workspaceId, programId));
  const chosen = new URL(request.url).searchParams.get("customerId");
  return { ...options, chosen: options.customers.some((c) => c.customerId === chosen) ? chosen : (options.customers[0]?.customerId ?? null), isAdmin: member.role === "admin" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), referenceRequestSchema, async (input) => {
    await requestReference({ actor, programId, input });
    throw redirect(`/programs/${programId}/references`);
  });
}

export default function NewReferenceRequest() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({ lastResult, defaultValue: { customerId: page.chosen ?? "" }, ...validateWith(referenceRequestSchema) });
  const back = `/programs/${page.program.id}/references`;
  const chosenId = (fields.customerId.value as string | undefined) ?? page.chosen;
  const chosen = page.customers.find((c) => c.customerId === chosenId);
  return (
    <>
      <PageHeader
        title="Request a reference"
        breadcrumb={
          <>
            <Link to={`/programs/${page.program.id}`} className="hover:underline">{page.program.name}</Link> / <Link to={back} className="hover:underline">Reference library</Link>
          </>
        }
        description={`The customer's buyer, or the reference contact the buyer named, is asked by email to agree to this one use. At most ${page.limit.uses} ${page.limit.uses === 1 ? "use" : "uses"} per customer in ${page.limit.days} days.`}
      />
      {page.customers.length === 0 ? (
        <EmptyState title="No referenceable customer yet" action={<LinkButton to={back} variant="secondary">Back to the library</LinkButton>}>
          Only a customer that passed both tests in the latest closed round, and whose buyer agreed to be a reference, can be asked.
        </EmptyState>
      ) : (
        <Form method="post" className="max-w-2xl space-y-5" {...getFormProps(form)}>
          <FormErrors id={form.errorId} errors={form.errors} />
          <SelectField label="Customer" selectProps={getSelectProps(fields.customerId)} errors={fields.customerId.errors} options={page.customers.map((c) => ({ value: c.customerId, label: `${c.name} — ${c.availability.full ? "at the limit" : `${c.availability.used} of ${c.availability.limit} used`}` }))} />
          {chosen ? (
            chosen.availability.full ? (
              <Notice title={`${chosen.name} is at the limit`}>
                {chosen.availability.used} of {chosen.availability.limit} uses in {chosen.availability.days} days; next available {formatDate(chosen.availability.nextAvailableAt)}.{" "}
                {page.isAdmin ? "As an admin you may go past it: give your reason below." : "Only an admin can go past it, with a reason."}
              </Notice>
            ) : chosen.availability.lastBeforeLimit ? (
              <Notice title={`This would be ${chosen.name}'s last use for now`}>
                After it, {chosen.name} reaches the limit of {chosen.availability.limit} uses in {chosen.availability.days} days.
              </Notice>
            ) : null
          ) : null}
          {chosen ? <p className="text-sm text-slate-600">{chosen.name}'s buyer{chosen.buyerName ? ` (${chosen.buyerName})` : ""} agreed to: {chosen.kinds.map(kindLabel).join(", ").toLowerCase()}.</p> : null}
          {chosen?.referenceContactName ? (
            <fieldset aria-describedby={fields.ask.errors ? fields.ask.errorId : undefined}>
              <legend className="text-sm font-medium text-slate-900">Who is asked to agree</legend>
              <label className="mt-1 flex items-center gap-2 py-1 text-slate-800">
                <input {...getInputProps(fields.ask, { type: "radio", value: "named" })} id={`${fields.ask.id}-named`} defaultChecked={(fields.ask.initialValue ?? "named") === "named"} className="size-4 accent-brand-600" />
                {chosen.referenceContactName}, the reference contact the buyer named
              </label>
              {chosen.buyerName ? (
                <label className="flex items-center gap-2 py-1 text-slate-800">
                  <input {...getInputProps(fields.ask, { type: "radio", value: "buyer" })} id={`${fields.ask.id}-buyer`} className="size-4 accent-brand-600" />
                  {chosen.buyerName}, the buyer
                </label>
              ) : null}
              <FormErrors id={fields.ask.errorId} errors={fields.ask.errors} />
            </fieldset>
          ) : (
            <FormErrors id={fields.ask.errorId} errors={fields.ask.errors} />
          )}
          <SelectField label="What for" selectProps={getSelectProps(fields.kind)} errors={fields.kind.errors} options={[{ value: "", label: "Choose…" }, ...referenceKinds.map((k) => ({ value: k.kind, label: k.label }))]} />
          <Field label="Who asks" hint="The person who will use the reference, e.g. the sales rep." inputProps={getInputProps(fields.requester, { type: "text" })} errors={fields.requester.errors} />
          <TextareaField label="For which prospect or purpose" textareaProps={{ ...getTextareaProps(fields.purpose), rows: 2 }} errors={fields.purpose.errors} />
          <Field label="Needed by" hint="Optional." inputProps={getInputProps(fields.neededBy, { type: "date" })} errors={fields.neededBy.errors} />
          {page.isAdmin ? (
            <TextareaField label="Reason to go past the limit" hint="Admins only, and only when the customer is at the limit; it is recorded with the request." textareaProps={{ ...getTextareaProps(fields.overrideReason), rows: 2 }} errors={fields.overrideReason.errors} />
          ) : (
            <FormErrors errors={fields.overrideReason.errors} />
          )}
          <div className="flex gap-3">
            <Button disabled={busy}>{busy ? "Sending…" : "Send the request"}</Button>
            <LinkButton to={back} variant="secondary">Cancel</LinkButton>
          </div>
        </Form>
      )}
    </>
  );
}
