import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { db } from "#db/client";
import { CLEARANCE_ACTIONS, CLEARANCE_SETBACKS, describeClearanceEvent } from "~/modules/clearance/history";
import { GO_LIVE_ACTIONS, describeGoLiveEvent } from "~/modules/golive/history";
import { QUOTE_ACTIONS, QUOTE_SETBACKS, describeQuoteEvent } from "~/modules/quotes/history";
import { REFERENCE_ACTIONS, REFERENCE_SETBACKS, describeReferenceEvent } from "~/modules/references/history";
import { auditEvents, businessCaseVersions, contacts, emailOutbox, members, roundTasks, rounds, signoffs, userResponses, userResponseTasks } from "#db/schema";

/**
 * A customer's history across the program, for the workspace only: each round's user answers
 * (attributed, with comments) and buyer decisions, then what happened when — emails sent, bounced
 * or failed, links re-sent, consent given or withdrawn, references used, quotes, the IT review.
 * Five queries, whatever the history's length.
 */
export async function customerTimeline(workspaceId: string, programId: string, customerId: string) {
  const [answers, taskComments, decisions, events, emails] = await Promise.all([
    db()
      .select({
        responseId: userResponses.id,
        roundId: rounds.id,
        roundNumber: rounds.number,
        roundTitle: rounds.title,
        name: contacts.name,
        email: contacts.email,
        removed: sql<boolean>`${contacts.removedAt} is not null`,
        susScore: userResponses.susScore,
        confusing: userResponses.confusing,
        missing: userResponses.missing,
        version: userResponses.version,
        submittedAt: userResponses.submittedAt,
        updatedAt: userResponses.updatedAt,
        completed: sql<number>`(select count(*) from user_response_tasks t where t.response_id = ${userResponses.id} and t.outcome = 'completed')`.mapWith(Number),
        attempts: sql<number>`(select count(*) from user_response_tasks t where t.response_id = ${userResponses.id})`.mapWith(Number),
      })
      .from(userResponses)
      .innerJoin(rounds, eq(rounds.id, userResponses.roundId))
      .innerJoin(contacts, eq(contacts.id, userResponses.contactId))
      .where(and(eq(userResponses.workspaceId, workspaceId), eq(userResponses.customerId, customerId), eq(rounds.programId, programId)))
      .orderBy(desc(rounds.number), asc(contacts.name)),
    db()
      .select({ responseId: userResponseTasks.responseId, taskId: userResponseTasks.taskId, position: roundTasks.position, instruction: roundTasks.instruction, outcome: userResponseTasks.outcome, comment: userResponseTasks.comment })
      .from(userResponseTasks)
      .innerJoin(userResponses, eq(userResponses.id, userResponseTasks.responseId))
      .innerJoin(roundTasks, eq(roundTasks.id, userResponseTasks.taskId))
      .where(and(eq(userResponses.workspaceId, workspaceId), eq(userResponses.customerId, customerId), ne(userResponseTasks.comment, "")))
      .orderBy(asc(roundTasks.position)),
    db()
      .select({
        id: signoffs.id,
        roundId: rounds.id,
        roundNumber: rounds.number,
        buyerName: contacts.name,
        buyerEmail: contacts.email,
        caseVersion: businessCaseVersions.version,
        decision: signoffs.decision,
        declineReason: signoffs.declineReason,
        conditions: signoffs.conditions,
        referenceConsent: signoffs.referenceConsent,
        consentWithdrawnAt: signoffs.consentWithdrawnAt,
        decidedAt: signoffs.decidedAt,
      })
      .from(signoffs)
      .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
      .innerJoin(contacts, eq(contacts.id, signoffs.contactId))
      .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffs.caseVersionId))
      .where(and(eq(signoffs.workspaceId, workspaceId), eq(signoffs.customerId, customerId), eq(rounds.programId, programId)))
      .orderBy(desc(rounds.number), desc(signoffs.decidedAt)),
    db()
      .select({ id: auditEvents.id, action: auditEvents.action, at: auditEvents.createdAt, details: auditEvents.details, roundNumber: rounds.number, memberName: members.name, contactName: contacts.name })
      .from(auditEvents)
      .leftJoin(rounds, eq(rounds.id, auditEvents.roundId))
      .leftJoin(members, eq(members.id, auditEvents.actorMemberId))
      // The customer's person who acted by link: a buyer, a champion, a gatekeeper.
      .leftJoin(contacts, eq(contacts.id, auditEvents.actorContactId))
      .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.customerId, customerId), inArray(auditEvents.action, [...TIMELINE_ACTIONS])))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(200),
    // Emails to the customer's people (the outbox keeps the address, not the contact).
    db()
      .select({ id: emailOutbox.id, template: emailOutbox.template, to: emailOutbox.toAddress, subject: emailOutbox.subject, status: emailOutbox.status, delivery: emailOutbox.delivery, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.workspaceId, workspaceId), sql`${emailOutbox.toAddress} in (select c.email from contacts c where c.customer_id = ${customerId})`))
      .orderBy(desc(emailOutbox.createdAt))
      .limit(200),
  ]);

  const commentsByResponse = new Map<string, typeof taskComments>();
  for (const c of taskComments) commentsByResponse.set(c.responseId, [...(commentsByResponse.get(c.responseId) ?? []), c]);
  const roundsSeen = new Map<string, { roundId: string; number: number; title: string }>();
  for (const a of answers) roundsSeen.set(a.roundId, { roundId: a.roundId, number: a.roundNumber, title: a.roundTitle });
  for (const d of decisions) if (!roundsSeen.has(d.roundId)) roundsSeen.set(d.roundId, { roundId: d.roundId, number: d.roundNumber, title: "" });
  const byRound = [...roundsSeen.values()]
    .sort((a, b) => b.number - a.number)
    .map((round) => ({
      ...round,
      title: round.title || answers.find((a) => a.roundId === round.roundId)?.roundTitle || "",
      answers: answers.filter((a) => a.roundId === round.roundId).map((a) => ({ ...a, taskComments: commentsByResponse.get(a.responseId) ?? [] })),
      decisions: decisions.filter((d) => d.roundId === round.roundId),
    }));

  const activity = [
    ...events.map((e) => ({ key: `a${e.id}`, at: e.at, text: describeEvent(e), tone: SETBACKS.has(e.action) ? ("amber" as const) : ("gray" as const) })),
    ...emails.map((e) => ({
      key: `e${e.id}`,
      at: e.sentAt ?? e.createdAt,
      text: `Email to ${e.to}: “${e.subject}” — ${emailState(e)}`,
      tone: e.delivery === "bounced" || e.delivery === "complained" || e.status === "failed" ? ("red" as const) : ("gray" as const),
    })),
  ].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  return { rounds: byRound, activity };
}

const TIMELINE_ACTIONS = [
  "customer.enrolled",
  "customer.updated",
  "customer.activated",
  "customer.withdrawn",
  "customer.reenrolled",
  "contact.added",
  "contact.updated",
  "contact.removed",
  "feedback.link_resent",
  "feedback.reminded",
  "business_case.saved",
  "signoff.sent",
  "signoff.reminded",
  "signoff.consent_withdrawn",
  ...GO_LIVE_ACTIONS,
  ...REFERENCE_ACTIONS,
  ...QUOTE_ACTIONS,
  ...CLEARANCE_ACTIONS,
] as const;

/** Events shown in amber: something the program counted on will not happen. */
const SETBACKS = new Set(["signoff.consent_withdrawn", ...REFERENCE_SETBACKS, ...QUOTE_SETBACKS, ...CLEARANCE_SETBACKS]);

type Event = { action: string; details: unknown; roundNumber: number | null; memberName: string | null; contactName: string | null };

function describeEvent(e: Event): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const by = (e.memberName ? ` by ${e.memberName}` : "") + (d.via === "csv_import" ? " (CSV import)" : "");
  const round = e.roundNumber ? ` (round ${e.roundNumber})` : "";
  const name = typeof d.name === "string" ? d.name : typeof d.to === "string" ? d.to : typeof d.email === "string" ? d.email : "";
  if (e.action.startsWith("go_live.")) return describeGoLiveEvent(e.action, d, by);
  const event = { action: e.action, details: d, memberName: e.memberName, contactName: e.contactName };
  if (e.action.startsWith("reference.")) return describeReferenceEvent(event);
  if (e.action.startsWith("quote.")) return describeQuoteEvent(event);
  if (e.action.startsWith("clearance.") || e.action.startsWith("tech_brief.")) return describeClearanceEvent(event);
  switch (e.action) {
    case "customer.enrolled":
      return `Enrolled in the program${by}`;
    case "customer.updated":
      return `Details edited${by}`;
    case "customer.activated":
      return `Activated${by}`;
    case "customer.withdrawn":
      return `Withdrew from the program${by}${typeof d.reason === "string" && d.reason ? `: “${d.reason}”` : ""}`;
    case "customer.reenrolled":
      return `Enrolled again${by}`;
    case "contact.added":
      return `${name || "A contact"} added${by}`;
    case "contact.updated":
      return `${name || "A contact"} edited${by}`;
    case "contact.removed":
      return `${name || "A contact"} removed${by}`;
    case "feedback.link_resent":
      return `A user's feedback link was re-sent${round}${by}; the earlier links stopped working`;
    case "feedback.reminded":
      return `A user was reminded to answer${round}`;
    case "business_case.saved":
      return `Business case saved as version ${String(d.version ?? "?")}${round}${by}`;
    case "signoff.sent":
      return `Sign-off request for case version ${String(d.caseVersion ?? "?")} sent to ${name}${round}${d.kind === "updated" ? " (the case changed)" : ""}`;
    case "signoff.reminded":
      return `The buyer was reminded${round}`;
    case "signoff.consent_withdrawn":
      return `The buyer withdrew reference consent${round}`;
    default:
      return e.action;
  }
}

function emailState(e: { status: string; delivery: string | null }) {
  if (e.delivery === "bounced") return "bounced";
  if (e.delivery === "complained") return "marked as spam";
  if (e.delivery === "delivered") return "delivered";
  if (e.status === "failed") return "failed";
  if (e.status === "sent") return "sent";
  return "waiting to be sent";
}
