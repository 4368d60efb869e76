// The customer page's history panel (app/routes/customer.tsx): every round's answers and decisions,
// then what happened when. Workspace members only: users' answers are attributed here.
import { formatDate, formatDateTime } from "~/components/status";
import { Badge, Card } from "~/components/ui/page";
import { oneDecimal } from "~/components/round-status";
import type { useLoaderData } from "@remix-run/react";
import { FeedbackTags } from "~/components/forms/feedback-tags";
import { feedbackAnchor, type FeedbackSource } from "~/modules/themes/feedback-items";
import type { loader } from "../customer";

type Timeline = ReturnType<typeof useLoaderData<typeof loader>>["timeline"];
type Tagging = ReturnType<typeof useLoaderData<typeof loader>>["feedback"] & { programId: string; canEdit: boolean; returnTo: string };

const outcomeLabel = { completed: "did it on their own", completed_with_help: "needed help", not_completed: "could not do it" } as const;

export function CustomerTimeline({ timeline, product, tagging }: { timeline: Timeline; product: string; tagging: Tagging }) {
  // Each piece of feedback carries its themes inline, tagged where it is read (without JavaScript too).
  const tags = (source: FeedbackSource, sourceId: string, about: string, taskId: string | null = null) => (
    <FeedbackTags programId={tagging.programId} item={{ source, sourceId, taskId }} tags={tagging.tags} choices={tagging.choices} canEdit={tagging.canEdit} returnTo={tagging.returnTo} about={about} />
  );
  const gatekeeperItems = tagging.items.filter((i) => i.channel === "gatekeepers");
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
                  {a.confusing || a.missing ? (
                    <div id={feedbackAnchor({ source: "user_comment", sourceId: a.responseId, taskId: null })} className="scroll-mt-20">
                      {a.confusing ? <Quote label="Confusing">{a.confusing}</Quote> : null}
                      {a.missing ? <Quote label="Missing">{a.missing}</Quote> : null}
                      {tags("user_comment", a.responseId, `${a.name}'s comment, round ${round.number}`)}
                    </div>
                  ) : null}
                  {a.taskComments.map((t) => (
                    <div key={t.position} id={feedbackAnchor({ source: "task_comment", sourceId: a.responseId, taskId: t.taskId })} className="scroll-mt-20">
                      <Quote label={`Task ${t.position}, ${outcomeLabel[t.outcome]}`}>{t.comment}</Quote>
                      {tags("task_comment", a.responseId, `${a.name}'s comment on task ${t.position}, round ${round.number}`, t.taskId)}
                    </div>
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
                  {d.declineReason ? (
                    <div id={feedbackAnchor({ source: "buyer_decline", sourceId: d.id, taskId: null })} className="scroll-mt-20">
                      <Quote label="Why">{d.declineReason}</Quote>
                      {tags("buyer_decline", d.id, `${d.buyerName}'s decline reason, round ${round.number}`)}
                    </div>
                  ) : null}
                  {d.conditions ? (
                    <div id={feedbackAnchor({ source: "buyer_conditions", sourceId: d.id, taskId: null })} className="scroll-mt-20">
                      <Quote label="Conditions">{d.conditions}</Quote>
                      {tags("buyer_conditions", d.id, `${d.buyerName}'s conditions, round ${round.number}`)}
                    </div>
                  ) : null}
                  <span className="block text-slate-600">
                    {d.referenceConsent ? (d.consentWithdrawnAt ? `Agreed to be a reference; withdrew it on ${formatDate(d.consentWithdrawnAt)}.` : "Agreed to be a reference.") : "Did not agree to be a reference."}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ))}
      {gatekeeperItems.length > 0 ? (
        <Card title="Gatekeeper's review notes">
          <ul className="space-y-2 text-sm">
            {gatekeeperItems.map((item) => (
              <li key={feedbackAnchor(item)} id={feedbackAnchor(item)} className="scroll-mt-20">
                <span className="font-medium text-slate-900">{item.person}</span>
                {item.roundNumber ? <span className="text-slate-600"> · round {item.roundNumber}</span> : null}
                <Quote label={item.label}>{item.body}</Quote>
                {tags(item.source, item.sourceId, `${item.person}'s ${item.label.toLowerCase()}`)}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
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
