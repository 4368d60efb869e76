import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { validateWith } from "~/utils/form-options";
import { Button, LinkButton } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { programSchema, type ProgramInput } from "~/modules/programs/programs.schema";

export function ProgramForm({ lastResult, defaultValue, submitLabel, cancelTo }: { lastResult?: SubmissionResult<string[]>; defaultValue?: Partial<ProgramInput>; submitLabel: string; cancelTo: string }) {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<ProgramInput>({
    lastResult,
    defaultValue: { targetReferenceable: 6, referenceLimitUses: 2, referenceLimitDays: 90, ...defaultValue },
    ...validateWith(programSchema),
  });
  return (
    <Form method="post" className="max-w-2xl space-y-5" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Program name" hint="For example: Dispatch Board charter program." inputProps={getInputProps(fields.name, { type: "text" })} errors={fields.name.errors} />
      <Field label="Product" hint="What the charter customers are evaluating." inputProps={getInputProps(fields.product, { type: "text" })} errors={fields.product.errors} />
      <Field
        label="Value hypothesis"
        hint="One line: who gets what value. The buyers' sign-offs will test it."
        inputProps={getInputProps(fields.valueHypothesis, { type: "text" })}
        errors={fields.valueHypothesis.errors}
      />
      <Field
        label="Target of referenceable customers"
        hint="Launch is ready when this many customers pass both tests and agree to be references. Usually 6."
        inputProps={{ ...getInputProps(fields.targetReferenceable, { type: "number" }), min: 1, max: 10, className: "w-28" }}
        errors={fields.targetReferenceable.errors}
      />
      <div className="flex items-start gap-3">
        <input {...getInputProps(fields.reconfirmEveryRound, { type: "checkbox" })} className="mt-1 h-4 w-4" aria-describedby={`${fields.reconfirmEveryRound.id}-hint`} />
        <div>
          <label htmlFor={fields.reconfirmEveryRound.id} className="font-medium text-slate-800">Buyers re-confirm every round</label>
          <p id={`${fields.reconfirmEveryRound.id}-hint`} className="text-sm text-slate-600">
            Off: a buyer's approval stands in later rounds while the case version they approved is current. On: each round asks every buyer again, and their page says what changed.
          </p>
        </div>
      </div>
      <fieldset className="space-y-3">
        <legend className="font-medium text-slate-800">Protect references from over-use</legend>
        <p className="text-sm text-slate-600">A customer is asked for at most this many reference uses in the period; pending and agreed requests count from the day they were made.</p>
        <div className="flex flex-wrap gap-4">
          <Field label="Uses per customer" inputProps={{ ...getInputProps(fields.referenceLimitUses, { type: "number" }), min: 1, max: 50, className: "w-28" }} errors={fields.referenceLimitUses.errors} />
          <Field label="Period in days" inputProps={{ ...getInputProps(fields.referenceLimitDays, { type: "number" }), min: 1, max: 730, className: "w-28" }} errors={fields.referenceLimitDays.errors} />
        </div>
      </fieldset>
      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        <LinkButton to={cancelTo} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </Form>
  );
}
