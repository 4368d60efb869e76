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
    defaultValue: { targetReferenceable: 6, itClearanceRequired: true, specialMaxCustomers: 1, referenceLimitUses: 2, referenceLimitDays: 90, ...defaultValue },
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
      <Field
        label="A theme is a special when raised by at most"
        hint="Customers. Such a theme wins that contract, not a market: the themes page says so. Usually 1."
        inputProps={{ ...getInputProps(fields.specialMaxCustomers, { type: "number" }), min: 1, max: 10, className: "w-28" }}
        errors={fields.specialMaxCustomers.errors}
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
      <div className="flex items-start gap-3">
        <input {...getInputProps(fields.usableRequiresLowerBound, { type: "checkbox" })} className="mt-1 h-4 w-4" aria-describedby={`${fields.usableRequiresLowerBound.id}-hint`} />
        <div>
          <label htmlFor={fields.usableRequiresLowerBound.id} className="font-medium text-slate-800">Usable requires the lower bound to meet the thresholds</label>
          <p id={`${fields.usableRequiresLowerBound.id}-hint`} className="text-sm text-slate-600">
            Off: a customer's mean SUS and task completion must meet the round's thresholds. On: the lower end of their 90% confidence intervals must, so three happy users with very different scores do not pass by luck. Closed rounds keep what they recorded.
          </p>
        </div>
      </div>
      <div className="flex items-start gap-3">
        <input {...getInputProps(fields.itClearanceRequired, { type: "checkbox" })} className="mt-1 h-4 w-4" aria-describedby={`${fields.itClearanceRequired.id}-hint`} />
        <div>
          <label htmlFor={fields.itClearanceRequired.id} className="font-medium text-slate-800">IT clearance is needed to be referenceable</label>
          <p id={`${fields.itClearanceRequired.id}-hint`} className="text-sm text-slate-600">
            On: a customer counts as referenceable only when its technical gatekeeper also cleared the product (with or without conditions). The round gate stays the two tests either way.
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
