// The customer page's go-live section (app/routes/customer.tsx): the plan, the live date and the
// agreement reached, against what the buyer said they would pay. Editors get the form.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import type { Comparison } from "~/modules/golive/compare";
import { goLiveSchema, type GoLiveInput } from "~/modules/golive/golive.schema";
import { validateWith } from "~/utils/form-options";

const toneClass = { gray: "text-slate-700", green: "text-green-800", amber: "text-amber-800" } as const;

export function GoLivePanel({ goLive, today, comparison, canEdit, lastResult }: { goLive: GoLiveInput; today: string; comparison: Comparison; canEdit: boolean; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm({
    id: "go-live",
    lastResult,
    defaultValue: {
      plannedOn: goLive.plannedOn ?? "",
      liveOn: goLive.liveOn ?? "",
      agreementPlan: goLive.agreementPlan,
      agreementSeats: goLive.agreementSeats === null ? "" : String(goLive.agreementSeats),
      agreementAmount: goLive.agreementAmount === null ? "" : String(goLive.agreementAmount),
      agreementCurrency: goLive.agreementCurrency ?? "",
      agreementSignedOn: goLive.agreementSignedOn ?? "",
    },
    ...validateWith(goLiveSchema(today)),
  });
  const terms = [goLive.agreementPlan ? `“${goLive.agreementPlan}”` : null, goLive.agreementSeats ? `${goLive.agreementSeats} seats` : null, goLive.agreementSignedOn ? `signed ${formatDate(goLive.agreementSignedOn)}` : null].filter(Boolean);
  return (
    <section aria-labelledby="go-live-heading" className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <h2 id="go-live-heading" className="border-b border-slate-200 px-4 py-3 text-base font-semibold text-slate-900 sm:px-5">
        Go-live and agreement
      </h2>
      <div className="space-y-4 px-4 py-4 sm:px-5">
        <div className="space-y-1 text-sm">
          <p className="font-medium text-slate-900">
            {goLive.liveOn ? `Live since ${formatDate(goLive.liveOn)}.` : goLive.plannedOn ? `Go-live planned for ${formatDate(goLive.plannedOn)}.` : "No go-live planned yet."}
          </p>
          {terms.length > 0 ? <p className="text-slate-700">Agreement: {terms.join(" · ")}</p> : null}
          <p className={toneClass[comparison.tone]}>{comparison.text}.</p>
        </div>
        {canEdit && !goLive.liveOn ? (
          <Form method="post">
            <input type="hidden" name="intent" value="mark-live-today" />
            <Button variant="secondary" disabled={pending === "mark-live-today"}>Mark live today</Button>
          </Form>
        ) : null}
        {canEdit ? (
          <Form method="post" className="space-y-4" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="save-go-live" />
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
              <Field label="Planned go-live" inputProps={getInputProps(fields.plannedOn, { type: "date" })} errors={fields.plannedOn.errors} />
              <Field label="Live since" hint="Not in the future." inputProps={{ ...getInputProps(fields.liveOn, { type: "date" }), max: today }} errors={fields.liveOn.errors} />
            </div>
            <fieldset className="space-y-4 rounded-lg border border-slate-200 p-3">
              <legend className="px-1 text-sm font-semibold text-slate-800">The agreement reached</legend>
              <Field label="Plan or price name" inputProps={getInputProps(fields.agreementPlan, { type: "text" })} errors={fields.agreementPlan.errors} />
              <Field label="Seats" inputProps={{ ...getInputProps(fields.agreementSeats, { type: "text" }), inputMode: "numeric", className: "w-32" }} errors={fields.agreementSeats.errors} />
              <div className="grid grid-cols-[1fr_6rem] gap-3">
                <Field label="Amount per year" inputProps={{ ...getInputProps(fields.agreementAmount, { type: "text" }), inputMode: "decimal" }} errors={fields.agreementAmount.errors} />
                <Field label="Currency" inputProps={{ ...getInputProps(fields.agreementCurrency, { type: "text" }), maxLength: 3, autoCapitalize: "characters" }} errors={fields.agreementCurrency.errors} />
              </div>
              <Field label="Signed on" inputProps={{ ...getInputProps(fields.agreementSignedOn, { type: "date" }), max: today }} errors={fields.agreementSignedOn.errors} />
            </fieldset>
            <Button disabled={pending === "save-go-live"}>Save go-live</Button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}
