import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { validateWith } from "~/utils/form-options";
import { Button } from "~/components/ui/button";
import { CheckboxField, ErrorList, Field, FormErrors } from "~/components/ui/field";
import { contactSchema, type ContactInput } from "~/modules/customers/customers.schema";

export const roleHints = {
  isBuyer: ["Economic buyer", "Pays for it and signs the business case. Exactly one per customer."],
  isUser: ["User", "Would use the product every day; answers the usability feedback."],
  isChampion: ["Champion", "Drives the evaluation inside the customer."],
  isGatekeeper: ["Technical gatekeeper", "IT or security; can veto the tool."],
  isReferenceContact: ["Reference contact", "Named by the buyer to agree to each reference use in their place. At most one per customer."],
} as const;

/** Adds a contact (with `intent`) or edits one. */
export function ContactForm({ id, lastResult, defaultValue, submitLabel, intent, children }: { id: string; lastResult?: SubmissionResult<string[]> | null; defaultValue?: Partial<ContactInput>; submitLabel: string; intent?: string; children?: React.ReactNode }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && (!intent || navigation.formData?.get("intent") === intent);
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    ...validateWith(contactSchema),
  });
  const roleErrorId = `${form.id}-roles-error`;
  return (
    <Form method="post" className="space-y-4" {...getFormProps(form)}>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} errors={fields.name.errors} />
        <Field label="Email" inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }} errors={fields.email.errors} />
        <Field label="Job title" hint="Optional." inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
      </div>
      <fieldset aria-describedby={form.allErrors.roles ? roleErrorId : undefined}>
        <legend className="text-sm font-medium text-slate-800">Roles in the decision-making unit</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {(Object.keys(roleHints) as (keyof typeof roleHints)[]).map((role) => (
            <CheckboxField key={role} label={roleHints[role][0]} hint={roleHints[role][1]} inputProps={getInputProps(fields[role], { type: "checkbox" })} />
          ))}
        </div>
        <ErrorList id={roleErrorId} errors={form.allErrors.roles ?? fields.isBuyer.errors} />
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        {children}
      </div>
    </Form>
  );
}
