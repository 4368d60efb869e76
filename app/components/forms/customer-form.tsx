import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { validateWith } from "~/utils/form-options";
import { Button, LinkButton } from "~/components/ui/button";
import { Field, FormErrors, TextareaField } from "~/components/ui/field";
import { customerSchema, type CustomerInput } from "~/modules/customers/customers.schema";

export function CustomerForm({ lastResult, defaultValue, submitLabel, cancelTo }: { lastResult?: SubmissionResult<string[]>; defaultValue?: Partial<CustomerInput>; submitLabel: string; cancelTo: string }) {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    ...validateWith(customerSchema),
  });
  return (
    <Form method="post" className="max-w-2xl space-y-5" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Organisation" inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "organization" }} errors={fields.name.errors} />
      <Field label="Segment" hint="Optional. The industry, e.g. “HVAC services”." inputProps={getInputProps(fields.segment, { type: "text" })} errors={fields.segment.errors} />
      <Field label="Size" hint="Optional. How big they are, e.g. “220 technicians”." inputProps={getInputProps(fields.size, { type: "text" })} errors={fields.size.errors} />
      <Field label="Website" hint="Optional." inputProps={{ ...getInputProps(fields.website, { type: "text" }), inputMode: "url", placeholder: "acme.com" }} errors={fields.website.errors} />
      <TextareaField label="Notes" hint="Optional. Why they joined, what they care about." textareaProps={getTextareaProps(fields.notes)} errors={fields.notes.errors} />
      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        <LinkButton to={cancelTo} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </Form>
  );
}
