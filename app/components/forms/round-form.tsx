import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { validateWith } from "~/utils/form-options";
import { Button, LinkButton } from "~/components/ui/button";
import { Field, FormErrors, TextareaField } from "~/components/ui/field";
import { roundSchema, type RoundInput } from "~/modules/rounds/rounds.schema";

/** The round form; `children` go between the thresholds and the buttons (e.g. what a new round starts with). */
export function RoundForm({ lastResult, defaultValue, submitLabel, cancelTo, thresholdsLocked = false, children }: { lastResult?: SubmissionResult<string[]>; defaultValue: Partial<RoundInput>; submitLabel: string; cancelTo: string; thresholdsLocked?: boolean; children?: ReactNode }) {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<RoundInput>({
    lastResult,
    defaultValue,
    ...validateWith(roundSchema),
  });
  return (
    <Form method="post" className="max-w-2xl space-y-5" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Title" hint="What this round shows, e.g. “Drag-and-drop scheduling”." inputProps={getInputProps(fields.title, { type: "text" })} errors={fields.title.errors} />
      <Field
        label="Prototype link"
        hint="Where users open the prototype (Figma, a staging site…). Optional: without one, the users' feedback page says the team will share the prototype with them directly (for sessions in person)."
        inputProps={{ ...getInputProps(fields.prototypeUrl, { type: "url" }), placeholder: "https://" }}
        errors={fields.prototypeUrl.errors}
      />
      <Field label="Version" hint="Optional, e.g. v0.3." inputProps={{ ...getInputProps(fields.version, { type: "text" }), className: "w-40" }} errors={fields.version.errors} />
      <Field
        label="Planned close date"
        hint="Users and buyers are asked to answer by then, and reminders follow it. You can move it while the round runs."
        inputProps={{ ...getInputProps(fields.closesOn, { type: "date" }), className: "w-48" }}
        errors={fields.closesOn.errors}
      />
      <TextareaField label="Notes for testers" hint="Optional. Shown to users above the tasks." textareaProps={getTextareaProps(fields.testerNotes)} errors={fields.testerNotes.errors} />
      <fieldset className="rounded-lg border border-slate-200 p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">The usable test passes for a customer with…</legend>
        {thresholdsLocked ? <p className="mb-3 text-sm text-slate-600">Fixed while the round is open: users are already answering.</p> : null}
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Responses at least" inputProps={{ ...getInputProps(fields.minResponses, { type: "number" }), min: 1, max: 50, readOnly: thresholdsLocked }} errors={fields.minResponses.errors} />
          <Field label="Mean SUS at least" hint="0–100; 68 is average." inputProps={{ ...getInputProps(fields.minSus, { type: "number" }), min: 0, max: 100, step: "0.5", readOnly: thresholdsLocked }} errors={fields.minSus.errors} />
          <Field
            label="Unaided completion at least (%)"
            hint="78% is the published average."
            inputProps={{ ...getInputProps(fields.minTaskCompletionPct, { type: "number" }), min: 0, max: 100, step: "0.1", readOnly: thresholdsLocked }}
            errors={fields.minTaskCompletionPct.errors}
          />
        </div>
      </fieldset>
      {children}
      <div className="flex gap-3">
        <Button disabled={busy}>{busy ? "Saving…" : submitLabel}</Button>
        <LinkButton to={cancelTo} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </Form>
  );
}
