// The customer page's "Quotes" panel (app/routes/customer.tsx): ask the champion, propose a user's
// comment, and follow each quote to the buyer's approval. Plain form posts: it works without JavaScript.
import { Form, useNavigation, type useLoaderData } from "@remix-run/react";
import { formatDate } from "~/components/status";
import { Button } from "~/components/ui/button";
import { ErrorList } from "~/components/ui/field";
import { Badge } from "~/components/ui/page";
import type { loader } from "../customer";

type Panel = ReturnType<typeof useLoaderData<typeof loader>>["quotes"];
type Quote = Panel["quotes"][number];

const stateBadge = {
  requested: { label: "Requested", tone: "gray" },
  given: { label: "Given", tone: "blue" },
  approved: { label: "Approved", tone: "green" },
  rejected: { label: "Rejected", tone: "red" },
  withdrawn: { label: "Withdrawn", tone: "gray" },
} as const;

export function QuotesCard({
  quotes,
  comments,
  champions,
  hasBuyer,
  canEdit,
  errors,
}: {
  quotes: Quote[];
  comments: Panel["comments"];
  champions: { id: string; name: string }[];
  hasBuyer: boolean;
  canEdit: boolean;
  errors: string[] | undefined;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <section id="quotes" aria-labelledby="quotes-heading" className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
        <h2 id="quotes-heading" className="text-base font-semibold text-slate-900">
          Quotes ({quotes.length})
        </h2>
      </div>
      <div className="space-y-5 px-4 py-4 sm:px-5">
        <ErrorList id="quotes-error" errors={errors} />
        {quotes.length === 0 ? (
          <p className="text-sm text-slate-600">No quotes yet. Ask the champion for one, or propose a user's comment: the buyer approves each before it is used in public.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {quotes.map((quote) => (
              <QuoteRow key={quote.id} quote={quote} canEdit={canEdit} busy={busy} />
            ))}
          </ul>
        )}
        {/* Said only where it holds something up: the customer page already names the missing buyer. */}
        {!hasBuyer && quotes.some((q) => q.status === "given") ? <p className="text-sm text-amber-800">No economic buyer yet: a given quote waits for one to approve it.</p> : null}
        {canEdit ? (
          <div className="space-y-4 border-t border-slate-100 pt-4">
            {champions.length === 0 ? (
              <p className="text-sm text-slate-600">Mark a contact as champion to ask them for a quote.</p>
            ) : (
              champions.map((champion) => (
                <Form key={champion.id} method="post">
                  <input type="hidden" name="intent" value="ask-quote" />
                  <input type="hidden" name="contactId" value={champion.id} />
                  <Button variant="secondary" disabled={busy}>
                    Ask {champion.name} for a quote
                  </Button>
                </Form>
              ))
            )}
            {comments.length === 0 ? (
              <p className="text-sm text-slate-600">No comments from this customer's users to propose yet.</p>
            ) : (
              <Form method="post" className="space-y-2">
                <input type="hidden" name="intent" value="propose-quote" />
                <label htmlFor="quote-comment" className="block text-sm font-medium text-slate-800">
                  Propose a user's comment as a quote
                </label>
                <p className="text-sm text-slate-500">Their own words, as written; it goes straight to the buyer for approval.</p>
                <select id="quote-comment" name="comment" className="block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 ring-1 ring-inset ring-slate-300 sm:text-sm">
                  {comments.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}: “{c.text.length > 120 ? `${c.text.slice(0, 117)}…` : c.text}”
                    </option>
                  ))}
                </select>
                <Button variant="secondary" disabled={busy}>
                  Propose to the buyer
                </Button>
              </Form>
            )}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function QuoteRow({ quote, canEdit, busy }: { quote: Quote; canEdit: boolean; busy: boolean }) {
  const badge = stateBadge[quote.status];
  const act = (intent: string, label: string, variant: "secondary" | "danger" = "secondary") => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="quoteId" value={quote.id} />
      <Button variant={variant} className="px-2 py-1 text-xs" disabled={busy} aria-label={`${label}: quote ${quote.source === "champion" ? "from" : "by"} ${quote.authorName}`}>
        {label}
      </Button>
    </Form>
  );
  return (
    <li className="space-y-1 py-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone={badge.tone}>{badge.label}</Badge>
        <span className="text-slate-700">
          {quote.source === "champion" ? `From the champion, ${quote.authorName}` : `A comment by ${quote.authorName}`} · asked {formatDate(quote.createdAt)}
        </span>
      </p>
      {quote.text ? (
        <blockquote className="break-words border-l-4 border-slate-200 pl-3 text-slate-900">
          “{quote.text}” <span className="text-slate-600">— {quote.attribution}</span>
        </blockquote>
      ) : (
        <p className="text-slate-600">Waiting for {quote.authorName} to write it.</p>
      )}
      {quote.answeredAt ? (
        <p className="text-slate-600">
          {quote.status === "approved" ? "Approved" : quote.status === "rejected" ? "Rejected" : "Answered"} by {quote.signatureName} on {formatDate(quote.answeredAt)}
          {quote.answerNote ? `: “${quote.answerNote}”` : "."}
        </p>
      ) : null}
      {quote.liveLink ? (
        <p className="text-slate-600">
          {quote.liveLink.purpose === "give" ? "The champion's link" : "The buyer's approval link"} works until {formatDate(quote.liveLink.expiresAt)}.
        </p>
      ) : quote.status === "requested" || quote.status === "given" ? (
        <p className="text-amber-800">No live link: re-send one.</p>
      ) : null}
      {canEdit ? (
        <div className="flex flex-wrap gap-2 pt-1">
          {quote.status === "requested" || quote.status === "given" ? act("resend-quote", "Re-send link") : null}
          {quote.liveLink ? act("revoke-quote", "Revoke link") : null}
          {quote.status === "requested" || quote.status === "given" || quote.status === "approved" ? act("withdraw-quote", "Withdraw", "danger") : null}
        </div>
      ) : null}
    </li>
  );
}
