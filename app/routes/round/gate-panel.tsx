// A panel of the round page (app/routes/round.tsx); it reads the page's loader data.
import { getFormProps, useForm } from "@conform-to/react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { oneDecimal, percent, UsableBadge } from "~/components/round-status";
import { SignoffStateBadge } from "~/components/signoff-status";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import { FormErrors, TextareaField } from "~/components/ui/field";
import { Badge, Card, ScrollRegion } from "~/components/ui/page";
import { itClearanceLabel, type ItClearanceState } from "~/modules/gates/it-clearance";
import type { action, loader } from "../round";
import { LearningChoices } from "./learned-themes";

/** How many customers pass both tests against the target, what the others miss, and the close. */
export function GatePanel({ canEdit }: { canEdit: boolean }) {
  const { round, gate, snapshot, program, effect } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const closeResult = lastResult?.formIntent === "close-round" ? lastResult : null;
  const [form, fields] = useForm({ id: "close-round", lastResult: closeResult });
  const closing = navigation.formData?.get("intent") === "close-round";
  if (round.status === "closed" && snapshot) {
    return (
      <Card title={`Gate: closed as ${round.outcome === "passed" ? "passed" : "iterate"}`} className="mb-8">
        <p className="text-slate-800">
          At closing on {formatDate(round.closedAt!)}, <strong>{snapshot.passing} of {snapshot.target}</strong> customers passed both tests (thresholds then: {snapshot.thresholds.minResponses} responses, SUS ≥{" "}
          {oneDecimal(snapshot.thresholds.minSus)}, completion ≥ {percent(snapshot.thresholds.minTaskCompletion)}{snapshot.thresholds.requireLowerBound ? ", met by the lower bounds of the 90% intervals" : ""}).
        </p>
        {snapshot.closeNote ? <p className="mt-2 whitespace-pre-line text-sm text-slate-700"><span className="font-medium">What was learned: </span>{snapshot.closeNote}</p> : null}
      </Card>
    );
  }
  return (
    <Card title="Gate" className="mb-8">
      <p className={`font-medium ${gate.canPass ? "text-green-800" : "text-slate-900"}`}>{gate.summary}</p>
      <p className="mt-1 text-sm text-slate-600">Target from the program: {program.targetReferenceable} customers passing both the usable and the valuable test.</p>
      {gate.missing.length > 0 ? (
        <ul className="mt-3 space-y-1 text-sm">
          {gate.missing.map((m) => (
            <li key={m.customerId}>
              <span className="font-medium text-slate-900">{m.name}</span> — {m.reasons.join("; ")}
            </li>
          ))}
        </ul>
      ) : null}
      <GateTable />
      {canEdit && round.status === "open" ? (
        <Form
          method="post"
          className="mt-5 space-y-3 border-t border-slate-200 pt-4"
          {...getFormProps(form)}
          onSubmit={(event) => {
            const outcome = ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
            const losing = effect?.filter((e) => e.change === "loses").map((e) => e.name) ?? [];
            const warning = losing.length ? ` ${losing.join(", ")} ${losing.length === 1 ? "stops" : "stop"} being referenceable.` : "";
            if (!confirm(`Close round ${round.number} as ${outcome === "passed" ? "passed" : "iterate"}?${warning} Every open feedback and sign-off link of the round stops working, and the round becomes read-only.`)) event.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="close-round" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextareaField
            label="What was learned, and what changes next round"
            hint="Required to close as iterate; kept with the round."
            textareaProps={{ id: fields.note.id, name: fields.note.name, defaultValue: (fields.note.initialValue as string) ?? "", "aria-invalid": fields.note.errors ? true : undefined, rows: 3 }}
            errors={fields.note.errors}
          />
          <LearningChoices />
          {effect ? <CloseEffectList effect={effect} roundNumber={round.number} /> : null}
          <p className="text-sm text-slate-600">Closing ends every open feedback and sign-off link of the round and makes it read-only.</p>
          <div className="flex flex-wrap items-center gap-2">
            {/* Offered only when the gate is met; the server refuses a short passed-close all the same. */}
            {gate.canPass ? <Button name="outcome" value="passed" disabled={closing}>Close as passed</Button> : null}
            <Button name="outcome" value="iterate" variant={gate.canPass ? "secondary" : "primary"} disabled={closing}>Close as iterate</Button>
            {!gate.canPass ? (
              <p className="text-sm text-slate-600">
                Closing as passed needs {gate.target - gate.passing} more {gate.target - gate.passing === 1 ? "customer" : "customers"} passing both tests (see above).
              </p>
            ) : null}
          </div>
        </Form>
      ) : null}
    </Card>
  );
}

type Effect = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["effect"]>;

/** "Closing now: Acme stays referenceable; Foxglove stops being referenceable: …", by name. */
function CloseEffectList({ effect, roundNumber }: { effect: Effect; roundNumber: number }) {
  const losing = effect.filter((e) => e.change === "loses");
  const gaining = effect.filter((e) => e.change === "gains");
  const staying = effect.filter((e) => e.change === "stays");
  const out = effect.filter((e) => e.change === "stays_out").length;
  const names = (list: Effect) => list.map((e) => e.name).join(", ");
  return (
    <section aria-labelledby="close-effect-heading" className={`rounded-md border p-3 text-sm ${losing.length ? "border-amber-300 bg-amber-50 text-amber-950" : "border-slate-200 bg-slate-50 text-slate-800"}`}>
      <h3 id="close-effect-heading" className="font-semibold">Closing now changes readiness like this</h3>
      <p className="mt-1 text-slate-700">Readiness is read from the latest closed round; closing makes it round {roundNumber}.</p>
      <ul className="mt-2 space-y-1">
        {losing.map((e) => (
          <li key={e.name}>
            <strong>{e.name}</strong> stops being referenceable: {e.reason}.
          </li>
        ))}
        {gaining.length ? (
          <li>
            <strong>{names(gaining)}</strong> {gaining.length === 1 ? "becomes" : "become"} referenceable.
          </li>
        ) : null}
        {staying.length ? (
          <li>
            <strong>{names(staying)}</strong> {staying.length === 1 ? "stays" : "stay"} referenceable.
          </li>
        ) : null}
        {out ? <li>{out} {out === 1 ? "customer stays" : "customers stay"} not referenceable.</li> : null}
        {effect.length === 0 ? <li>No customers are in the round.</li> : null}
      </ul>
    </section>
  );
}

const clearanceTone = (state: ItClearanceState) => (state === "cleared" || state === "cleared_with_conditions" ? "green" : state === "veto" ? "red" : "gray");

/** Each customer's two tests, with the IT clearance beside them: shown, but not part of the gate. */
function GateTable() {
  const { evaluations, itClearance, program } = useLoaderData<typeof loader>();
  if (evaluations.length === 0) return null;
  return (
    <ScrollRegion label="Each customer at the gate" className="mt-4">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="px-4 pt-3 text-left text-xs text-slate-600">
          The gate counts the two tests only. IT clearance is shown beside them{program.itClearanceRequired ? "; readiness needs it, the gate does not" : ""}.
        </caption>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Customer</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Usable</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Valuable</th>
            <th scope="col" className="px-4 py-2.5 font-medium">IT clearance (not part of the gate)</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {evaluations.map((e) => {
            const it = itClearance[e.customerId];
            return (
              <tr key={e.customerId}>
                <th scope="row" className="px-4 py-2.5 text-left font-medium text-slate-900">{e.name}</th>
                <td className="px-4 py-2.5"><UsableBadge state={e.usable.state} /></td>
                <td className="px-4 py-2.5"><SignoffStateBadge state={e.valuable.state} /></td>
                <td className="px-4 py-2.5">
                  {it ? (
                    <>
                      <Badge tone={clearanceTone(it.state)}>{itClearanceLabel[it.state]}</Badge>
                      <span className="block text-xs text-slate-600">{it.reason}</span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
