import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Honeypot } from "~/components/honeypot";
import { PublicShell } from "~/components/public-shell";
import { formatDate, formatDateTime } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList, ErrorSummary, Field, FormErrors, TextareaField } from "~/components/ui/field";
import { recordRefusedLink } from "~/modules/audit/security.server";
import { loadQuotePage, submitQuoteAnswer, type DeadQuoteLink } from "~/modules/quotes/answers.server";
import { quoteAnswerSchema } from "~/modules/quotes/quotes.schema";
import { handleSubmission } from "~/utils/forms.server";
import { requestOrigin } from "~/utils/request.server";

/**
 * The champion's and the buyer's quote page. One address for both steps: the link's row says
 * which step it is for, so a link can only ever open its own form, and the public surface stays one
 * route with one set of link rules.
 */

export const meta: MetaFunction = () => [{ title: "A quote about the product · Charter" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "same-origin" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const page = await loadQuotePage(token);
  if (page.state === "give" || page.state === "approve" || page.state === "answered") return data(page);
  await recordRefusedLink({ kind: "quote", token, reason: page.state, method: "GET", origin: requestOrigin(request, context) });
  return data(page, { status: 404 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const origin = requestOrigin(request, context);
  try {
    return await handleSubmission(await request.formData(), quoteAnswerSchema, async (input) => {
      const { status } = await submitQuoteAnswer({ token, input, origin });
      throw redirect(`/q/${encodeURIComponent(token)}?${status === "recorded" ? "recorded" : "already"}=1`);
    });
  } catch (error) {
    // A dead link: the refusal is recorded and the link's page says why.
    if (error instanceof Response && error.status === 404) {
      await recordRefusedLink({ kind: "quote", token, reason: await error.text(), method: "POST", origin });
      throw redirect(`/q/${encodeURIComponent(token)}`);
    }
    throw error;
  }
}

const deadText: Record<DeadQuoteLink, { title: string; body: string }> = {
  unknown: { title: "This link does not work", body: "It may be incomplete: check that you copied all of it from the email." },
  revoked: { title: "This link no longer works", body: "It was replaced or withdrawn by the team; please use the most recent email, or ask the team for a new link." },
  expired: { title: "This link has expired", body: "Quote links work for 30 days. Ask the product team for a new one if you still want to answer." },
  withdrawn: { title: "This quote was withdrawn", body: "The team no longer asks for it. Nothing more is needed; thank you." },
};

export default function QuotePage() {
  const page = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  if (page.state === "answered") {
    const justNow = searchParams.has("recorded");
    const what =
      page.purpose === "give"
        ? `your quote for ${page.customerName}`
        : `${page.customerName}'s answer: the quote is ${page.status === "approved" ? "approved for public use" : page.status === "rejected" ? "not to be used in public" : page.status}`;
    return (
      <PublicShell label="quote" brand={page.brand} asks={page.purpose === "give" ? "asks for your quote" : "asks to quote you"}>
        <div role="status" className="rounded-lg bg-white p-6 ring-1 ring-slate-200">
          <h1 className="text-xl font-semibold text-slate-900">{page.purpose === "give" ? "Your quote is recorded" : "Your answer is recorded"}</h1>
          <p className="mt-2 text-slate-700">
            {justNow ? "Recorded" : "Already recorded"} on {formatDateTime(page.at)}: {what}.
          </p>
          <blockquote className="mt-3 border-l-4 border-slate-300 pl-3 break-words text-slate-800">
            “{page.text}” — {page.attribution}
          </blockquote>
          <p className="mt-2 text-slate-700">Nothing more is needed; thank you.</p>
        </div>
      </PublicShell>
    );
  }
  if (page.state === "give") return <GiveForm />;
  if (page.state === "approve") return <ApproveForm />;
  const text = deadText[page.state];
  return (
    <PublicShell label="quote">
      <h1 className="text-xl font-semibold text-slate-900">{text.title}</h1>
      <p className="mt-2 text-slate-700">{text.body}</p>
      <p className="mt-2 text-slate-700">Nothing was recorded from this visit.</p>
    </PublicShell>
  );
}

function GiveForm() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  // Validated on the server only, as the buyer's sign-off page: public pages ship no zod.
  const [form, fields] = useForm<{ text: string; attribution: string }>({ lastResult, defaultValue: { attribution: page.state === "give" ? page.suggestedAttribution : "" } });
  if (page.state !== "give") throw new Error("unreachable");
  return (
    <PublicShell label="quote" brand={page.brand} asks="asks for your quote">
      <h1 className="text-2xl font-semibold text-slate-900">A few words about {page.product}?</h1>
      <p className="mt-1 text-slate-600">For {page.authorName}, {page.customerName}</p>
      <p className="mt-3 text-slate-700">
        In your own words: what has {page.product} changed for you, or what do you expect of it? {page.customerName}'s decision-maker approves the quote before anyone outside
        sees it.
      </p>
      <ErrorSummary formId={form.id} errors={form.allErrors} />
      <Form method="post" className="mt-6 space-y-5 rounded-lg bg-white p-5 ring-1 ring-slate-200" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <input type="hidden" name="intent" value="give" />
        <TextareaField label="Your quote" hint="A sentence or two; at most 1000 characters." errors={fields.text.errors} textareaProps={{ ...getTextareaProps(fields.text), rows: 5 }} />
        <Field label="How you want to be named" hint="As it would appear under the quote. Shorten your name or title as you like." errors={fields.attribution.errors} inputProps={getInputProps(fields.attribution, { type: "text" })} />
        <p className="text-sm text-slate-500">The link works until {formatDate(page.expiresAt)}.</p>
        <Button className="w-full py-3 text-base sm:w-auto" disabled={busy}>
          {busy ? "Sending…" : "Send my quote"}
        </Button>
      </Form>
    </PublicShell>
  );
}

function ApproveForm() {
  const page = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm<{ decision: string; note: string; signatureName: string }>({ lastResult });
  if (page.state !== "approve") throw new Error("unreachable");
  return (
    <PublicShell label="quote" brand={page.brand} asks="asks to quote you">
      <h1 className="text-2xl font-semibold text-slate-900">May we quote {page.customerName}?</h1>
      <p className="mt-1 text-slate-600">For {page.approverName}, {page.customerName}</p>
      <p className="mt-3 text-slate-700">
        {page.fromUser ? `${page.authorName}, one of your users, wrote this while trying ${page.product}.` : `${page.authorName}, your team's champion for ${page.product}, wrote this quote.`} The team would
        like to use it in public (its website, sales material) as written, named as shown.
      </p>
      <blockquote className="mt-4 rounded-lg border-l-4 border-brand-600 bg-white p-4 break-words text-slate-900 ring-1 ring-slate-200">
        <p className="text-lg">“{page.text}”</p>
        <footer className="mt-2 text-sm text-slate-600">— {page.attribution}</footer>
      </blockquote>
      <ErrorSummary formId={form.id} errors={form.allErrors} />
      <Form method="post" className="mt-6 space-y-5 rounded-lg bg-white p-5 ring-1 ring-slate-200" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Honeypot />
        <input type="hidden" name="intent" value="approve" />
        <fieldset aria-describedby={fields.decision.errors ? fields.decision.errorId : undefined}>
          <legend className="text-sm font-medium text-slate-900">Your answer</legend>
          <div className="mt-1">
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.decision, { type: "radio", value: "approve" })} id={`${fields.decision.id}-approve`} key="approve" className="size-4 accent-brand-600" /> Approve it for public use
            </label>
            <label className="flex items-center gap-2 py-1.5 text-slate-800">
              <input {...getInputProps(fields.decision, { type: "radio", value: "reject" })} id={`${fields.decision.id}-reject`} key="reject" className="size-4 accent-brand-600" /> Do not use it in public
            </label>
          </div>
          <ErrorList id={fields.decision.errorId} errors={fields.decision.errors} />
        </fieldset>
        <TextareaField label="A note for the team (optional)" errors={fields.note.errors} textareaProps={getTextareaProps(fields.note)} />
        <div>
          <Field label="Sign by typing your full name" errors={fields.signatureName.errors} inputProps={{ ...getInputProps(fields.signatureName, { type: "text" }), autoComplete: "name" }} />
          <p className="mt-1 text-sm text-slate-500">Your answer is recorded with the time, your IP address and browser. The link works until {formatDate(page.expiresAt)}.</p>
        </div>
        <Button className="w-full py-3 text-base sm:w-auto" disabled={busy}>
          {busy ? "Recording…" : "Confirm my answer"}
        </Button>
      </Form>
    </PublicShell>
  );
}
