import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BriefDiff } from "~/components/brief-diff";
import { Honeypot } from "~/components/honeypot";
import { PublicShell } from "~/components/public-shell";
import { formatDate, formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList, ErrorSummary, FormErrors } from "~/components/ui/field";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { clearanceSchema, decisionText, markText, requirementMarks, type ClearanceInput } from "~/modules/clearance/clearance.schema";
import { loadClearancePage, submitClearance, type DeadClearanceLink } from "~/modules/clearance/gatekeeper.server";
import { handleSubmission } from "~/utils/forms.server";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "Your IT review · Charter" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  const page = await loadClearancePage(token, origin);
  if (page.state === "ok" || page.state === "decided") return data(page);
  // A dead link still gets its explanatory page, with the status that says so.
  await recordRefusedLink({ kind: "clearance", token, reason: page.state, method: "GET", origin });
  return data(page, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  try {
    return await handleSubmission(await request.formData(), clearanceSchema, async (input) => {
      const { status } = await submitClearance({ token, input, origin });
      throw redirect(`/g/${encodeURIComponent(token)}?${status === "recorded" ? "recorded" : "already"}=1`);
    });
  } catch (error) {
    if (error instanceof Response && error.status === 404) {
      await recordRefusedLink({ kind: "clearance", token, reason: await error.text(), method: "POST", origin });
      throw redirect(`/g/${encodeURIComponent(token)}`);
    }
    throw error;
  }
}

const deadText: Record<DeadClearanceLink, { title: string; body: string }> = {
  unknown: { title: "This link does not work", body: "It may be incomplete: check that you copied all of it from the email." },
  revoked: { title: "This link was withdrawn", body: "The team replaced or withdrew this review request. If a newer email reached you, please use its link." },
  superseded: { title: "The technical brief has changed", body: "The team updated the brief since this link was sent, so this request no longer applies. A new request with the current version is on its way to you." },
  expired: { title: "This link has expired", body: "IT review links work for 30 days. Ask the product team for a new request if you still want to answer." },
};

const decisionVerb = { cleared: "cleared", cleared_with_conditions: "cleared with conditions", veto: "vetoed" } as const;

export default function GatekeeperPage() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  if (data.state === "decided") {
    return (
      <PublicShell label="IT review" brand={data.brand} asks="asks for your IT review">
        <div role="status" className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold text-slate-900">Your review is recorded</h1>
          <p className="mt-2 text-slate-700">
            {searchParams.has("recorded") ? "Recorded" : "Already recorded"} on {formatDateTime(data.decidedAt)}: {data.gatekeeperName} {decisionVerb[data.decision]} {data.product} for {data.customerName}.
          </p>
          <p className="mt-2 text-slate-700">A receipt was emailed to you. Nothing more is needed; thank you.</p>
        </div>
      </PublicShell>
    );
  }
  if (data.state !== "ok") {
    const text = deadText[data.state];
    return (
      <PublicShell label="IT review">
        <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
        <p className="mt-2 text-slate-700">{text.body}</p>
        <p className="mt-2 text-slate-700">No review was recorded from this visit.</p>
      </PublicShell>
    );
  }
  return <ReviewForm />;
}

function ReviewForm() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (data.state !== "ok") throw new Error("unreachable");
  const { brief } = data;
  const [form, fields] = useForm<ClearanceInput>({
    // Validated on the server only: the gatekeeper's page needs no JavaScript.
    lastResult,
    defaultValue: { marks: brief.answers.map((a) => ({ requirementId: a.requirementId })) },
  });
  const marks = fields.marks.getFieldList();

  return (
    <PublicShell label="IT review" brand={data.brand} asks="asks for your IT review">
      <h1 className="text-2xl font-semibold text-slate-900">{data.product}: can your IT let it in?</h1>
      <p className="mt-1 text-slate-600">
        For {data.gatekeeperName}, {data.customerName} · technical brief version {brief.version}
      </p>
      {data.answerBy ? <p className="mt-2 font-medium text-slate-900">{data.answerBy}</p> : null}
      <ErrorSummary formId={form.id} errors={form.allErrors} prefix={(name) => requirementPrefix(name, brief.answers)} />

      {data.previous ? (
        <section className="mt-6 rounded-lg bg-white p-5 ring-1 ring-slate-200" aria-labelledby="since-heading">
          <h2 id="since-heading" className="font-semibold text-slate-900">
            What changed since you last answered
          </h2>
          <p className="mt-1 text-slate-700">
            Your answer on version {data.previous.version}: {decisionText[data.previous.decision].toLowerCase()}.
          </p>
          <div className="mt-3">
            {data.previous.version === brief.version ? <p className="text-slate-700">The brief is unchanged.</p> : <BriefDiff from={data.previous} to={brief} fromLabel={`version ${data.previous.version}`} toLabel={`version ${brief.version}`} />}
          </div>
        </section>
      ) : null}

      <Form method="post" className="mt-6 space-y-6" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <section className="space-y-4" aria-labelledby="requirements-heading">
          <h2 id="requirements-heading" className="font-semibold text-slate-900">
            The requirements and how the product meets them
          </h2>
          {brief.answers.map((a, i) => {
            const mark = marks[i].getFieldset();
            return (
              <div key={a.requirementId} className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
                <input {...getInputProps(mark.requirementId, { type: "hidden" })} key={mark.requirementId.key} />
                <h3 className="font-medium text-slate-900">
                  {i + 1}. {a.title}
                </h3>
                {a.need ? <p className="mt-0.5 whitespace-pre-line text-sm text-slate-600">What is needed: {a.need}</p> : null}
                <p className="mt-2 whitespace-pre-line break-words text-slate-800">{a.answer}</p>
                <fieldset className="mt-3" aria-describedby={mark.mark.errors ? mark.mark.errorId : undefined}>
                  <legend className="text-sm font-medium text-slate-900">Your mark for “{a.title}”</legend>
                  <div className="mt-1 flex flex-wrap gap-x-4">
                    {requirementMarks.map((value) => (
                      <label key={value} className="flex items-center gap-2 py-1.5 text-slate-800">
                        <input {...getInputProps(mark.mark, { type: "radio", value })} id={`${mark.mark.id}-${value}`} key={value} className="size-4 accent-brand-600" /> {markText[value]}
                      </label>
                    ))}
                  </div>
                  <ErrorList id={mark.mark.errorId} errors={mark.mark.errors} />
                </fieldset>
                <label htmlFor={mark.note.id} className="mt-2 block text-sm text-slate-700">
                  Note on “{a.title}” (optional)
                </label>
                <textarea {...getTextareaProps(mark.note)} rows={2} className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300" />
                <ErrorList id={mark.note.errorId} errors={mark.note.errors} />
              </div>
            );
          })}
          {brief.notes ? (
            <div className="rounded-lg bg-white p-4 ring-1 ring-slate-200">
              <h3 className="font-medium text-slate-900">Notes from the team</h3>
              <p className="mt-1 whitespace-pre-line break-words text-slate-800">{brief.notes}</p>
            </div>
          ) : null}
        </section>

        <section className="space-y-5 rounded-lg bg-white p-5 ring-1 ring-slate-200" aria-labelledby="decision-heading">
          <h2 id="decision-heading" className="font-semibold text-slate-900">
            Your decision
          </h2>
          <fieldset aria-describedby={fields.decision.errors ? fields.decision.errorId : undefined}>
            <legend className="text-sm font-medium text-slate-900">May {data.customerName} deploy {data.product}, as described?</legend>
            <div className="mt-1">
              {(["cleared", "cleared_with_conditions", "veto"] as const).map((value) => (
                <label key={value} className="flex items-center gap-2 py-1.5 text-slate-800">
                  <input {...getInputProps(fields.decision, { type: "radio", value })} id={`${fields.decision.id}-${value}`} key={value} className="size-4 accent-brand-600" /> {decisionText[value]}
                </label>
              ))}
            </div>
            <ErrorList id={fields.decision.errorId} errors={fields.decision.errors} />
          </fieldset>
          <TextArea label="Conditions" hint="Required when you clear with conditions." field={fields.conditions} />
          <TextArea label="If you veto: why?" hint="Required with a veto: it is what the team will work on next." field={fields.vetoReason} />
          <div>
            <label htmlFor={fields.signatureName.id} className="block text-sm font-medium text-slate-900">
              Sign by typing your full name
            </label>
            <input {...getInputProps(fields.signatureName, { type: "text" })} autoComplete="name" className="mt-1.5 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 sm:w-96" />
            <ErrorList id={fields.signatureName.errorId} errors={fields.signatureName.errors} />
            <p className="mt-1 text-sm text-slate-500">
              Your review is recorded with the time, your IP address and browser, against version {brief.version} of the brief (fingerprint {brief.contentHash.slice(0, 12)}…). The link works until {formatDate(data.expiresAt)}.
            </p>
          </div>
          <Button className="w-full py-3 text-base sm:w-auto" disabled={busy}>
            {busy ? "Recording…" : "Confirm my review"}
          </Button>
        </section>
      </Form>
    </PublicShell>
  );
}

/** Every requirement's mark has the same message: the summary says which requirement it is about. */
function requirementPrefix(name: string, answers: { title: string }[]) {
  const index = /^marks\[(\d+)\]/.exec(name)?.[1];
  const answer = index === undefined ? undefined : answers[Number(index)];
  return answer ? `${Number(index) + 1}. ${answer.title}: ` : "";
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
