import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { Honeypot } from "~/components/honeypot";
import { PublicShell } from "~/components/public-shell";
import { formatDate, formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList, ErrorSummary, FormErrors } from "~/components/ui/field";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { answerReferenceRequest, loadReferencePage, type DeadReferenceLink } from "~/modules/references/answer.server";
import { referenceAnswerSchema, type ReferenceAnswerInput } from "~/modules/references/references.schema";
import { handleSubmission } from "~/utils/forms.server";
import { requestOrigin } from "~/utils/request.server";

export const meta: MetaFunction = () => [{ title: "A reference request · Charter" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

/** Opening the link changes nothing (mail scanners open links); only the form post answers. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page = await loadReferencePage(token);
  if (page.state === "ok" || page.state === "answered") return data(page);
  await recordRefusedLink({ kind: "reference", token, reason: page.state, method: "GET", origin: requestOrigin(request, context) });
  return data(page, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  try {
    return await handleSubmission(await request.formData(), referenceAnswerSchema, async (input) => {
      const { status } = await answerReferenceRequest({ token, input, origin });
      throw redirect(`/r/${encodeURIComponent(token)}?${status === "recorded" ? "recorded" : "already"}=1`);
    });
  } catch (error) {
    if (error instanceof Response && error.status === 404) {
      await recordRefusedLink({ kind: "reference", token, reason: await error.text(), method: "POST", origin });
      throw redirect(`/r/${encodeURIComponent(token)}`);
    }
    throw error;
  }
}

const deadText: Record<DeadReferenceLink, { title: string; body: string }> = {
  unknown: { title: "This link does not work", body: "It may be incomplete: check that you copied all of it from the email." },
  revoked: { title: "This link no longer works", body: "A newer link may have been sent to you; please use the most recent email." },
  expired: { title: "This link has expired", body: "Reference links work for 30 days. Ask the team to send the request again if you still want to answer." },
  cancelled: { title: "This request was cancelled", body: "The team no longer needs an answer to it." },
};

export default function ReferenceAnswerPage() {
  const page = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  if (page.state === "answered") {
    return (
      <PublicShell label="reference request" brand={page.brand} asks="asks to use you as a reference">
        <div role="status" className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold text-slate-900">Your answer is recorded</h1>
          <p className="mt-2 text-slate-700">
            {searchParams.has("recorded") ? "Recorded" : "Already recorded"} on {formatDateTime(page.answeredAt)}: you {page.status === "agreed" ? "agreed to" : "declined"} this use of {page.customerName} as a reference. Nothing more is needed; thank you.
          </p>
        </div>
      </PublicShell>
    );
  }
  if (page.state !== "ok") {
    const text = deadText[page.state];
    return (
      <PublicShell label="reference request">
        <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
        <p className="mt-2 text-slate-700">{text.body}</p>
        <p className="mt-2 text-slate-700">No answer was recorded from this visit.</p>
      </PublicShell>
    );
  }
  return <AnswerForm />;
}

function AnswerForm() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // Validated on the server only: the page works without JavaScript.
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<ReferenceAnswerInput>({ lastResult });
  if (page.state !== "ok") throw new Error("unreachable");
  return (
    <PublicShell label="reference request" brand={page.brand} asks="asks to use you as a reference">
      <h1 className="text-2xl font-semibold text-slate-900">May we use {page.customerName} as a reference?</h1>
      <ErrorSummary formId={form.id} errors={form.allErrors} />
      <section className="mt-6 rounded-lg bg-white p-5 ring-1 ring-slate-200" aria-labelledby="asked-heading">
        <h2 id="asked-heading" className="font-semibold text-slate-900">
          What is asked
        </h2>
        <dl className="mt-2 space-y-2 text-slate-700">
          <div>
            <dt className="font-medium text-slate-900">The use</dt>
            <dd>
              {page.kind}: would you {page.asked} about {page.product}?
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-900">Who asks</dt>
            <dd>
              {page.requester}, {page.teamName}
            </dd>
          </div>
          <div>
            <dt className="font-medium text-slate-900">For</dt>
            <dd className="break-words">{page.purpose}</dd>
          </div>
          {page.neededBy ? (
            <div>
              <dt className="font-medium text-slate-900">Needed by</dt>
              <dd>{formatDate(page.neededBy)}</dd>
            </div>
          ) : null}
        </dl>
        <p className="mt-3 text-sm text-slate-600">This link works until {formatDate(page.expiresAt)}. Your answer is recorded with the time, your IP address and browser.</p>
      </section>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <Honeypot />
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset aria-describedby={fields.decision.errors ? fields.decision.errorId : undefined}>
          <legend className="font-medium text-slate-900">Your answer</legend>
          {/* As the other public pages: a finger-sized row per choice, marked invalid after a refusal. */}
          <div className="mt-1">
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.decision, { type: "radio", value: "agree" })} id={`${fields.decision.id}-agree`} key="agree" className="size-4 accent-brand-600" /> I agree to this use
            </label>
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.decision, { type: "radio", value: "decline" })} id={`${fields.decision.id}-decline`} key="decline" className="size-4 accent-brand-600" /> I decline this use
            </label>
          </div>
          <ErrorList id={`${fields.decision.id}-error`} errors={fields.decision.errors} />
        </fieldset>
        <div>
          <label htmlFor={fields.note.id} className="block font-medium text-slate-900">
            A note for the team <span className="font-normal text-slate-600">(optional)</span>
          </label>
          <textarea {...getTextareaProps(fields.note)} rows={3} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" />
          <ErrorList id={`${fields.note.id}-error`} errors={fields.note.errors} />
        </div>
        <div>
          <label htmlFor={fields.signatureName.id} className="block font-medium text-slate-900">
            Type your name to sign
          </label>
          <input {...getInputProps(fields.signatureName, { type: "text" })} autoComplete="name" className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2" aria-describedby={fields.signatureName.errors ? `${fields.signatureName.id}-error` : undefined} />
          <ErrorList id={`${fields.signatureName.id}-error`} errors={fields.signatureName.errors} />
        </div>
        <Button className="w-full py-3 text-base sm:w-auto" disabled={busy}>
          {busy ? "Sending…" : "Send my answer"}
        </Button>
      </Form>
    </PublicShell>
  );
}
