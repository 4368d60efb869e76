// The customer page's history panel (app/routes/customer.tsx): every round's answers and decisions,
// then what happened when. Workspace members only: users' answers are attributed here.
import { formatDate, formatDateTime } from "~/components/status";
import { Badge, Card } from "~/components/ui/page";
import { oneDecimal } from "~/components/round-status";
import type { useLoaderData } from "@remix-run/react";
import type { loader } from "../customer";

type Timeline = ReturnType<typeof useLoaderData<typeof loader>>["timeline"];

const outcomeLabel = { completed: "did it on their own", completed_with_help: "needed help", not_completed: "could not do it" } as const;

export function CustomerTimeline({ timeline, product }: { timeline: Timeline; product: string }) {
  return (
    <section aria-labelledby="history-heading" className="mt-8 space-y-6">
      <h2 id="history-heading" className="text-lg font-semibold text-slate-900">
        History across rounds
      </h2>
      {timeline.rounds.length === 0 ? <p className="text-sm text-slate-600">No answers or decisions yet: they appear here round by round.</p> : null}
      {timeline.rounds.map((round) => (
        <Card key={round.roundId} title={`Round ${round.number}${round.title ? `: ${round.title}` : ""}`}>
          <h3 className="text-sm font-semibold text-slate-900">Users ({round.answers.length} answered)</h3>
          {round.answers.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No user answered in this round.</p>
          ) : (
            <ul className="mt-2 space-y-3">
              {round.answers.map((a) => (
                <li key={a.responseId} className="rounded-md bg-slate-50 p-3 text-sm">
                  <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-medium text-slate-900">{a.name}</span>
                    <span className="text-slate-700">SUS {oneDecimal(a.susScore)}</span>
                    <span className="text-slate-700">
                      {a.completed} of {a.attempts} tasks on their own
                    </span>
                    <span className="text-slate-500">
                      {formatDate(a.updatedAt)}
                      {a.version > 1 ? ` · edited ${a.version - 1}×` : ""}
                    </span>
                    {a.removed ? (
                      <Badge>No longer a contact</Badge>
                    ) : (
                      <a className="text-brand-700 underline" href={`mailto:${a.email}?subject=${encodeURIComponent(`Your feedback on ${product}, round ${round.number}`)}`}>
                        Follow up<span className="sr-only"> with {a.name}</span>
                      </a>
                    )}
                  </p>
                  {a.confusing ? <Quote label="Confusing">{a.confusing}</Quote> : null}
                  {a.missing ? <Quote label="Missing">{a.missing}</Quote> : null}
                  {a.taskComments.map((t) => (
                    <Quote key={t.position} label={`Task ${t.position}, ${outcomeLabel[t.outcome]}`}>
                      {t.comment}
                    </Quote>
                  ))}
                </li>
              ))}
            </ul>
          )}
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Buyer</h3>
          {round.decisions.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No decision in this round.</p>
          ) : (
            <ul className="mt-2 space-y-2 text-sm">
              {round.decisions.map((d) => (
                <li key={d.id}>
                  <span className="font-medium text-slate-900">{d.buyerName}</span> {d.decision === "approve" ? "approved" : "declined"} case version {d.caseVersion} on {formatDate(d.decidedAt)}
                  {d.declineReason ? <Quote label="Why">{d.declineReason}</Quote> : null}
                  {d.conditions ? <Quote label="Conditions">{d.conditions}</Quote> : null}
                  <span className="block text-slate-600">
                    {d.referenceConsent ? (d.consentWithdrawnAt ? `Agreed to be a reference; withdrew it on ${formatDate(d.consentWithdrawnAt)}.` : "Agreed to be a reference.") : "Did not agree to be a reference."}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ))}
      <Card title="What happened when">
        {timeline.activity.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing yet.</p>
        ) : (
          <ol className="space-y-1.5 text-sm">
            {timeline.activity.map((item) => (
              <li key={item.key} className="flex flex-wrap gap-x-3">
                <time dateTime={new Date(item.at).toISOString()} className="w-36 shrink-0 text-slate-500">{formatDateTime(item.at)}</time>
                <span className={item.tone === "red" ? "text-red-800" : item.tone === "amber" ? "text-amber-800" : "text-slate-800"}>{item.text}</span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </section>
  );
}

function Quote({ label, children }: { label: string; children: string }) {
  return (
    <p className="mt-1 whitespace-pre-line text-slate-800">
      <span className="text-xs text-slate-500">{label}: </span>“{children}”
    </p>
  );
}
