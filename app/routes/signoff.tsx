import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { Honeypot } from "~/components/honeypot";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CaseDiff } from "~/components/case-diff";
import { PublicShell } from "~/components/public-shell";
import { oneDecimal, percent } from "~/components/round-status";
import { formatDate, formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList, ErrorSummary, FormErrors } from "~/components/ui/field";
import { loadSignoffPage, submitSignoff, type DeadSignoffLink, type PreviousAnswer } from "~/modules/signoff/buyer.server";
import { completionInterval, smallSampleWords, susInterval } from "~/modules/feedback/intervals";
import { referenceUses } from "~/modules/signoff/reference-uses";
import { signoffSchema, type SignoffInput } from "~/modules/signoff/signoff.schema";
import { handleSubmission } from "~/utils/forms.server";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Your sign-off · Charter" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  const page = await loadSignoffPage(token, origin);
  if (page.state === "ok" || page.state === "decided") return data(page);
  // A dead link still gets its explanatory page, with the status that says so.
  await recordRefusedLink({ kind: "signoff", token, reason: page.state, method: "GET", origin });
  return data(page, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  try {
    return await handleSubmission(await request.formData(), signoffSchema, async (input) => {
      const { status } = await submitSignoff({ token, input, origin });
      // Recorded now or earlier: the link's page shows the receipt, saying which.
      throw redirect(`/s/${encodeURIComponent(token)}?${status === "recorded" ? "recorded" : "already"}=1`);
    });
  } catch (error) {
    // A dead link: the refusal is recorded and the link's page says why.
    if (error instanceof Response && error.status === 404) {
      await recordRefusedLink({ kind: "signoff", token, reason: await error.text(), method: "POST", origin });
      // Encoded: a token from the address bar may hold anything, a NUL included.
      throw redirect(`/s/${encodeURIComponent(token)}`);
    }
    throw error;
  }
}

const deadText: Record<DeadSignoffLink, { title: string; body: string }> = {
  unknown: { title: "This link does not work", body: "It may be incomplete: check that you copied all of it from the email." },
  revoked: { title: "This link has been replaced", body: "A newer link was sent to you; please use the most recent email." },
  superseded: { title: "The business case has changed", body: "The team updated the case since this link was sent, so this request no longer applies. A new request with the current version is on its way to you." },
  expired: { title: "This link has expired", body: "Sign-off links work for 30 days. Ask the product team for a new request if you still want to decide." },
  closed: { title: "This round has closed", body: "The team is no longer collecting decisions on this version." },
};

export default function SignoffPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  if (data.state === "decided") {
    const justNow = searchParams.has("recorded");
    return (
      <PublicShell label="buyer sign-off" brand={data.brand} asks="asks for your sign-off">
        <div role="status" className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold text-slate-900">Your decision is recorded</h1>
          <p className="mt-2 text-slate-700">
            {justNow ? "Recorded" : "Already recorded"} on {formatDateTime(data.decidedAt)}: {data.buyerName} {data.decision === "approve" ? "approved" : "declined"} the {data.product} business case for{" "}
            {data.customerName}. {data.referenceConsent ? "You agreed to be a reference." : "You did not agree to be a reference."}
          </p>
          <p className="mt-2 text-slate-700">A receipt was emailed to you. Nothing more is needed; thank you.</p>
        </div>
      </PublicShell>
    );
  }
  if (data.state !== "ok") {
    const text = deadText[data.state];
    return (
      <PublicShell label="buyer sign-off">
        <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
        <p className="mt-2 text-slate-700">{text.body}</p>
        <p className="mt-2 text-slate-700">No decision was recorded from this visit.</p>
      </PublicShell>
    );
  }
  return <SignoffForm />;
}

function SignoffForm() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<SignoffInput>({
    // Validated on the server only: the buyer's page ships no zod (see the benchmark's JS sizes).
    lastResult,
  });
  if (data.state !== "ok") throw new Error("unreachable");
  const { businessCase, evidence } = data;
  // The buyer sees their own users' figures with how uncertain they are (PRODUCT.md, small samples).
  const susCi = susInterval({ n: evidence.responses, mean: evidence.meanSus, sd: evidence.susSd });
  const completionCi = completionInterval(evidence.completed, evidence.attempts);
  const smallSample = smallSampleWords(evidence.responses);
  const usesError = form.allErrors.referenceUses;

  return (
    <PublicShell label="buyer sign-off" brand={data.brand} asks="asks for your sign-off">
      <h1 className="text-2xl font-semibold text-slate-900">{data.product}: is it worth buying?</h1>
      <p className="mt-1 text-slate-600">
        For {data.buyerName}, {data.customerName} · round {data.round.number} · business case version {businessCase.version}
      </p>
      {data.answerBy ? <p className="mt-2 font-medium text-slate-900">{data.answerBy}</p> : null}
      <ErrorSummary formId={form.id} errors={form.allErrors} />

      <section className="mt-6 rounded-lg bg-white p-5 ring-1 ring-slate-200" aria-labelledby="evidence-heading">
        <h2 id="evidence-heading" className="font-semibold text-slate-900">
          What your users found
        </h2>
        {evidence.responses === 0 ? (
          <p className="mt-1 text-slate-700">None of your users has answered yet for this round.</p>
        ) : (
          <>
            <p className="mt-1 text-slate-700">
              {evidence.responses} {evidence.responses === 1 ? "person" : "people"} from {data.customerName} tried the prototype{data.round.prototypeUrl ? <> (<a className="text-brand-700 underline" href={data.round.prototypeUrl} target="_blank" rel="noopener noreferrer">open it</a>)</> : null}.
            </p>
            <dl className="mt-3 grid grid-cols-2 gap-3 text-center">
              <div className="rounded-md bg-slate-50 p-3">
                <dt className="text-xs text-slate-600">Tasks completed unaided</dt>
                <dd className="text-xl font-semibold text-slate-900">{percent(evidence.completionRate)}</dd>
                <dd className="text-xs text-slate-600">
                  {evidence.completed} of {evidence.attempts} {evidence.attempts === 1 ? "attempt" : "attempts"}
                  {completionCi ? <span className="block">90% CI {Math.round(completionCi.low * 100)}–{Math.round(completionCi.high * 100)}%</span> : null}
                </dd>
              </div>
              <div className="rounded-md bg-slate-50 p-3">
                <dt className="text-xs text-slate-600">Usability score (SUS, 0–100; 68 is average)</dt>
                <dd className="text-xl font-semibold text-slate-900">{oneDecimal(evidence.meanSus)}</dd>
                <dd className="text-xs text-slate-600">
                  mean of {evidence.responses} {evidence.responses === 1 ? "answer" : "answers"}
                  <span className="block">{susCi ? `90% CI ${Math.round(susCi.low)}–${Math.round(susCi.high)}` : "one answer: no interval"}</span>
                </dd>
              </div>
            </dl>
            {smallSample ? <p className="mt-2 text-sm text-amber-800">{smallSample[0].toUpperCase() + smallSample.slice(1)}: the true figures may lie anywhere in the 90% ranges shown.</p> : null}
          </>
        )}
        <p className="mt-3 text-slate-700">
          Your IT review: <strong className="font-semibold text-slate-900">{data.itClearance}</strong>.
        </p>
      </section>

      {data.previous ? <SinceLastAnswer previous={data.previous} current={businessCase} round={data.round} /> : null}

      <section className="mt-6 rounded-lg bg-white p-5 ring-1 ring-slate-200" aria-labelledby="case-heading">
        <h2 id="case-heading" className="font-semibold text-slate-900">
          The business case (version {businessCase.version})
        </h2>
        <dl className="mt-3 space-y-3 text-slate-800">
          <div>
            <dt className="text-sm font-medium text-slate-600">The problem</dt>
            <dd className="whitespace-pre-line">{businessCase.problem}</dd>
          </div>
          <div>
            <dt className="text-sm font-medium text-slate-600">The value we claim</dt>
            <dd className="whitespace-pre-line">{businessCase.valueClaimed}</dd>
          </div>
          <div>
            <dt className="text-sm font-medium text-slate-600">Proposed price or terms</dt>
            <dd className="whitespace-pre-line">{businessCase.priceTerms}</dd>
          </div>
          {businessCase.notes ? (
            <div>
              <dt className="text-sm font-medium text-slate-600">Notes</dt>
              <dd className="whitespace-pre-line">{businessCase.notes}</dd>
            </div>
          ) : null}
        </dl>
      </section>

      <Form method="post" className="group/decision mt-6 space-y-6 rounded-lg bg-white p-5 ring-1 ring-slate-200" {...getFormProps(form)}>
        <h2 className="font-semibold text-slate-900">Your decision</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <fieldset aria-describedby={fields.decision.errors ? fields.decision.errorId : undefined}>
          <legend className="text-sm font-medium text-slate-900">Would {data.customerName} buy this, as described?</legend>
          <div className="mt-1">
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.decision, { type: "radio", value: "approve" })} id={`${fields.decision.id}-approve`} key="approve" className="decision-approve size-4 accent-brand-600" /> Approve
            </label>
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.decision, { type: "radio", value: "decline" })} id={`${fields.decision.id}-decline`} key="decline" className="size-4 accent-brand-600" /> Decline
            </label>
          </div>
          <ErrorList id={fields.decision.errorId} errors={fields.decision.errors} />
        </fieldset>
        <TextArea label="If you decline: why?" hint="Required when you decline." field={fields.declineReason} />
        <TextArea label="Conditions (optional)" hint="Anything your approval depends on." field={fields.conditions} />

        <fieldset aria-describedby={fields.willingnessToPay.errors ? fields.willingnessToPay.errorId : undefined}>
          <legend className="text-sm font-medium text-slate-900">What would you pay? (optional)</legend>
          <div className="mt-1">
            {(
              [
                ["as_proposed", "The proposed price or terms"],
                ["amount", "A different amount"],
                ["none", "Nothing at this point"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-2 py-1.5 text-slate-800">
                <input {...getInputProps(fields.willingnessToPay, { type: "radio", value })} key={value} className="size-4 accent-brand-600" /> {label}
              </label>
            ))}
          </div>
          <ErrorList id={fields.willingnessToPay.errorId} errors={fields.willingnessToPay.errors} />
          <div className="mt-3 grid grid-cols-[2fr_1fr] gap-3 sm:w-96">
            <div>
              <label htmlFor={fields.wtpAmount.id} className="block text-sm text-slate-700">
                Amount per year
              </label>
              <input {...getInputProps(fields.wtpAmount, { type: "text" })} inputMode="decimal" className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300" />
              <ErrorList id={fields.wtpAmount.errorId} errors={fields.wtpAmount.errors} />
            </div>
            <div>
              <label htmlFor={fields.wtpCurrency.id} className="block text-sm text-slate-700">
                Currency
              </label>
              <input {...getInputProps(fields.wtpCurrency, { type: "text" })} maxLength={3} placeholder="EUR" className="mt-1 block w-full rounded-md border-0 px-3 py-2 uppercase ring-1 ring-inset ring-slate-300" />
              <ErrorList id={fields.wtpCurrency.errorId} errors={fields.wtpCurrency.errors} />
            </div>
          </div>
        </fieldset>

        {/* Asked with an approval only: shown once "Approve" is chosen, by CSS, so it works without JavaScript. */}
        <fieldset
          className="hidden group-has-[.decision-approve:checked]/decision:block"
          aria-describedby={fields.referenceConsent.errors || usesError ? `${fields.referenceConsent.errorId} ${form.id}-referenceUses-error` : undefined}
        >
          <legend className="text-sm font-medium text-slate-900">You approve: may the team name {data.customerName} as a reference when it launches?</legend>
          <div className="mt-1">
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.referenceConsent, { type: "radio", value: "yes" })} id={`${fields.referenceConsent.id}-yes`} key="yes" className="size-4 accent-brand-600" /> Yes, for:
            </label>
            <div className="ml-6">
              {(Object.keys(referenceUses) as (keyof typeof referenceUses)[]).map((key) => (
                <label key={key} className="flex items-center gap-2 py-1 text-sm text-slate-700">
                  <input {...getInputProps(fields[key], { type: "checkbox" })} className="size-4 accent-brand-600" /> {referenceUses[key][0].toUpperCase() + referenceUses[key].slice(1)}
                </label>
              ))}
            </div>
            <ErrorList id={`${form.id}-referenceUses-error`} errors={usesError} />
            <div className="ml-6 mt-2 max-w-md space-y-2 rounded-md bg-slate-50 p-3">
              <p id={`${form.id}-referenceContact-hint`} className="text-sm text-slate-700">
                We ask before each use. Should we ask someone other than you? Leave these empty to be asked yourself.
              </p>
              <div>
                <label htmlFor={fields.referenceContactName.id} className="block text-sm font-medium text-slate-900">
                  Their name
                </label>
                <input
                  {...getInputProps(fields.referenceContactName, { type: "text" })}
                  aria-describedby={`${form.id}-referenceContact-hint${fields.referenceContactName.errors ? ` ${fields.referenceContactName.errorId}` : ""}`}
                  autoComplete="off"
                  className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300"
                />
                <ErrorList id={fields.referenceContactName.errorId} errors={fields.referenceContactName.errors} />
              </div>
              <div>
                <label htmlFor={fields.referenceContactEmail.id} className="block text-sm font-medium text-slate-900">
                  Their email
                </label>
                <input
                  {...getInputProps(fields.referenceContactEmail, { type: "email" })}
                  aria-describedby={`${form.id}-referenceContact-hint${fields.referenceContactEmail.errors ? ` ${fields.referenceContactEmail.errorId}` : ""}`}
                  autoComplete="off"
                  className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300"
                />
                <ErrorList id={fields.referenceContactEmail.errorId} errors={fields.referenceContactEmail.errors} />
              </div>
            </div>
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.referenceConsent, { type: "radio", value: "no" })} id={`${fields.referenceConsent.id}-no`} key="no" className="size-4 accent-brand-600" /> No
            </label>
          </div>
          <ErrorList id={fields.referenceConsent.errorId} errors={fields.referenceConsent.errors} />
        </fieldset>

        <div>
          <label htmlFor={fields.signatureName.id} className="block text-sm font-medium text-slate-900">
            Sign by typing your full name
          </label>
          <input {...getInputProps(fields.signatureName, { type: "text" })} autoComplete="name" className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 sm:w-96" />
          <ErrorList id={fields.signatureName.errorId} errors={fields.signatureName.errors} />
          <p className="mt-1 text-sm text-slate-500">
            Your decision is recorded with the time, your IP address and browser, against version {businessCase.version} of the case (fingerprint {businessCase.contentHash.slice(0, 12)}…). The link works until {formatDate(data.expiresAt)}.
          </p>
        </div>
        <Button className="w-full py-3 text-base sm:w-auto" disabled={busy}>
          {busy ? "Recording…" : "Confirm my decision"}
        </Button>
      </Form>
    </PublicShell>
  );
}

function TextArea({ label, hint, field }: { label: string; hint: string; field: Parameters<typeof getTextareaProps>[0] }) {
  return (
    <div>
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <p className="text-sm text-slate-500">{hint}</p>
      <textarea {...getTextareaProps(field)} rows={3} className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** What changed since the buyer last answered: the case, word by word, and the prototype. */
function SinceLastAnswer({ previous, current, round }: { previous: PreviousAnswer; current: { version: number; problem: string; valueClaimed: string; priceTerms: string; notes: string }; round: { number: number; prototypeVersion: string; testerNotes: string } }) {
  const prototypeChanged = previous.roundNumber !== round.number;
  return (
    <section className="mt-6 rounded-lg bg-white p-5 ring-1 ring-slate-200" aria-labelledby="since-heading">
      <h2 id="since-heading" className="font-semibold text-slate-900">
        What changed since you last answered
      </h2>
      <p className="mt-1 text-slate-700">
        You {previous.decision === "approve" ? "approved" : "declined"} version {previous.version} of the case in round {previous.roundNumber}.
      </p>
      <div className="mt-3">
        {previous.version === current.version ? (
          <p className="text-slate-700">The business case is unchanged (version {current.version}).</p>
        ) : (
          <CaseDiff from={previous} to={current} fromLabel={`version ${previous.version}`} toLabel={`version ${current.version}`} />
        )}
      </div>
      {prototypeChanged ? (
        <div className="mt-3 text-slate-700">
          <h3 className="text-sm font-medium text-slate-800">The prototype</h3>
          <p>
            Round {previous.roundNumber}
            {previous.prototypeVersion ? ` (version ${previous.prototypeVersion})` : ""} → round {round.number}
            {round.prototypeVersion ? ` (version ${round.prototypeVersion})` : ""}.
          </p>
          {round.testerNotes ? <p className="mt-1 whitespace-pre-line">{round.testerNotes}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
