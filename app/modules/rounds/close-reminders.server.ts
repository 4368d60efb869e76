import { and, asc, between, eq, gt, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { closeReminders, contacts, feedbackInvites, programs, rounds, signoffLinks, signoffRequests, userResponses } from "#db/schema";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { remind, remindable, REMINDER_SCHEDULE } from "~/modules/signoff/reminders.server";
import { clock } from "~/utils/clock.server";
import { issueFeedbackLink, roundContext, userTargets } from "./feedback-links.server";
import { shareRounds } from "./round-locks.server";
import { addDays, dueCloseReminder, today } from "./schedule";

/** Nobody gets two emails about one round within this time (the PM's reminder keeps the same rule). */
const QUIET_MS = 24 * 60 * 60 * 1000;
const system: AuditActor = { type: "system", ip: null, userAgent: null };

type DueRound = { id: string; workspaceId: string; programId: string; number: number; title: string; closesOn: string; product: string };

/**
 * The reminders timed against a round's planned close (3 days and 1 day before it): to the users
 * who have not answered and the buyers who have not decided. Run by the background work every
 * minute; a slot goes out once per person (a unique row in close_reminders), however often or
 * concurrently this runs. Rounds without a date keep the buyers' after-the-request schedule
 * (signoff/reminders.server.ts). Returns how many reminders were queued.
 */
export async function sendCloseDateReminders() {
  const now = clock.now();
  // The slots due now belong to rounds closing within the next three days.
  const candidates: DueRound[] = await db()
    .select({ id: rounds.id, workspaceId: rounds.workspaceId, programId: rounds.programId, number: rounds.number, title: rounds.title, closesOn: sql<string>`${rounds.closesOn}`, product: programs.product })
    .from(rounds)
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .where(and(eq(rounds.status, "open"), eq(programs.status, "active"), isNotNull(rounds.closesOn), between(rounds.closesOn, today(now), addDays(today(now), 3))))
    .orderBy(asc(rounds.closesOn))
    .limit(100);
  let sent = 0;
  for (const round of candidates) {
    const daysBefore = dueCloseReminder(round.closesOn, now);
    if (daysBefore) sent += await remindRound(round, daysBefore, now);
  }
  return sent;
}

/** One round's slot, in one transaction: the round shared (the lock order), then each person's row. */
async function remindRound(round: DueRound, daysBefore: number, now: Date) {
  return db().transaction(async (tx) => {
    await shareRounds(tx, [round.id]);
    // Read again under the lock: a close or a moved date that committed meanwhile is seen.
    const [current] = await tx.select({ status: rounds.status, closesOn: rounds.closesOn }).from(rounds).where(eq(rounds.id, round.id));
    if (current?.status !== "open" || current.closesOn !== round.closesOn) return 0;
    return (await remindUsers(tx, round, daysBefore, now)) + (await remindBuyers(tx, round, daysBefore, now));
  });
}

/** Claims the slot for these subjects; returns those it was free for (a concurrent run gets none). */
async function claimSlots(tx: Transaction, round: DueRound, channel: "feedback" | "signoff", subjectIds: string[], daysBefore: number) {
  if (subjectIds.length === 0) return new Set<string>();
  const claimed = await tx
    .insert(closeReminders)
    .values(subjectIds.map((subjectId) => ({ workspaceId: round.workspaceId, roundId: round.id, channel, subjectId, closesOn: round.closesOn, daysBefore, createdAt: clock.now() })))
    .onConflictDoNothing()
    .returning({ subjectId: closeReminders.subjectId });
  return new Set(claimed.map((c) => c.subjectId));
}

async function remindUsers(tx: Transaction, round: DueRound, daysBefore: number, at: Date) {
  const quietSince = new Date(at.getTime() - QUIET_MS);
  const targets = await userTargets(tx, round.workspaceId, round.programId);
  if (targets.length === 0) return 0;
  // Each person's row, skipping one whose answer is being recorded right now: it is read again next minute.
  const locked = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(inArray(contacts.id, targets.map((t) => t.contactId)))
    .orderBy(asc(contacts.id))
    .for("update", { skipLocked: true });
  const lockedIds = new Set(locked.map((c) => c.id));
  const [answered, recent] = await Promise.all([
    tx.select({ contactId: userResponses.contactId }).from(userResponses).where(eq(userResponses.roundId, round.id)),
    tx.selectDistinct({ contactId: feedbackInvites.contactId }).from(feedbackInvites).where(and(eq(feedbackInvites.roundId, round.id), gt(feedbackInvites.createdAt, quietSince))),
  ]);
  const skip = new Set([...answered, ...recent].map((r) => r.contactId));
  const waiting = targets.filter((t) => lockedIds.has(t.contactId) && !skip.has(t.contactId));
  const claimed = await claimSlots(tx, round, "feedback", waiting.map((t) => t.contactId), daysBefore);
  const due = waiting.filter((t) => claimed.has(t.contactId));
  if (due.length === 0) return 0;
  const context = await roundContext(tx, round.workspaceId, round, round.product);
  for (const target of due) await issueFeedbackLink(tx, round.workspaceId, context, target, "feedback-reminder");
  await recordAudit(tx, system, {
    workspaceId: round.workspaceId,
    action: "feedback.reminded",
    programId: round.programId,
    roundId: round.id,
    details: { reminded: due.length, daysBeforeClose: daysBefore, closesOn: round.closesOn },
  });
  return due.length;
}

async function remindBuyers(tx: Transaction, round: DueRound, daysBefore: number, at: Date) {
  const quietSince = new Date(at.getTime() - QUIET_MS);
  const requests = await tx
    .select({ id: signoffRequests.id, workspaceId: signoffRequests.workspaceId, reminderCount: signoffRequests.reminderCount, expiresAt: signoffRequests.expiresAt })
    .from(signoffRequests)
    .where(
      and(
        eq(signoffRequests.roundId, round.id),
        remindable(at),
        // Within the cap every buyer has (the PM's reminders count toward it), and not emailed in the last day.
        sql`${signoffRequests.reminderCount} < ${REMINDER_SCHEDULE.max}`,
        notExists(tx.select({ id: signoffLinks.id }).from(signoffLinks).where(and(eq(signoffLinks.requestId, signoffRequests.id), gt(signoffLinks.createdAt, quietSince)))),
      ),
    )
    .orderBy(asc(signoffRequests.id))
    .for("update", { skipLocked: true });
  const claimed = await claimSlots(tx, round, "signoff", requests.map((r) => r.id), daysBefore);
  const due = requests.filter((r) => claimed.has(r.id));
  for (const request of due) await remind(tx, request, system);
  return due.length;
}
