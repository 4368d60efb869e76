import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { businessCaseVersions, contacts, customers, programs, rounds, signoffRequests } from "#db/schema";
import { type AuditActor, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { shareRounds } from "~/modules/rounds/round-locks.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { issueLink } from "./links.server";
import { lockOpenableRound } from "./requests.server";

const DAY = 24 * 60 * 60 * 1000;
/**
 * Automatic reminders in a round without a planned close date: the first 3 days after the
 * request, then every 2 days, 3 at most. A round with a date reminds before it instead
 * (rounds/close-reminders.server.ts), within the same 3.
 */
export const REMINDER_SCHEDULE = { firstAfterMs: 3 * DAY, everyMs: 2 * DAY, max: 3 } as const;

export type DueRequest = { id: string; workspaceId: string; reminderCount: number; expiresAt: Date };

/** Queues one reminder for a live, undecided, unexpired request. */
export async function remind(tx: Transaction, request: DueRequest, actor: AuditActor) {
  const [row] = await tx
    .select({
      roundId: rounds.id,
      programId: rounds.programId,
      roundNumber: rounds.number,
      closesOn: rounds.closesOn,
      product: programs.product,
      customerId: customers.id,
      customerName: customers.name,
      buyerId: contacts.id,
      buyerName: contacts.name,
      buyerEmail: contacts.email,
      caseVersionId: businessCaseVersions.id,
      version: businessCaseVersions.version,
    })
    .from(signoffRequests)
    .innerJoin(rounds, eq(rounds.id, signoffRequests.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(customers, eq(customers.id, signoffRequests.customerId))
    .innerJoin(contacts, eq(contacts.id, signoffRequests.contactId))
    .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffRequests.caseVersionId))
    .where(eq(signoffRequests.id, request.id));
  await tx.update(signoffRequests).set({ reminderCount: request.reminderCount + 1, lastRemindedAt: clock.now() }).where(eq(signoffRequests.id, request.id));
  await issueLink(
    tx,
    {
      workspaceId: request.workspaceId,
      programId: row.programId,
      round: { id: row.roundId, number: row.roundNumber, product: row.product, closesOn: row.closesOn },
      customer: { id: row.customerId, name: row.customerName },
      buyer: { id: row.buyerId, name: row.buyerName, email: row.buyerEmail },
      caseVersion: { id: row.caseVersionId, version: row.version },
    },
    request,
    "reminder",
    actor,
  );
}

/** Conditions of a request a reminder may go to: live, undecided, unexpired, in an open round. */
export const remindable = (now: Date) =>
  and(
    isNull(signoffRequests.supersededAt),
    gt(signoffRequests.expiresAt, now),
    sql`not exists (select 1 from signoffs s where s.request_id = signoff_requests.id)`,
    sql`exists (select 1 from rounds r where r.id = signoff_requests.round_id and r.status = 'open')`,
    // Only to the customer's current buyer, while the customer takes part.
    sql`exists (select 1 from contacts c join customers cu on cu.id = c.customer_id where c.id = signoff_requests.contact_id and c.is_buyer and c.removed_at is null and cu.status <> 'withdrawn')`,
  );

/** The PM's "remind" button: counts toward the 3 reminders a buyer gets at most. */
export async function remindBuyer({ actor, programId, roundId, customerId }: { actor: MemberActor; programId: string; roundId: string; customerId: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await lockOpenableRound(tx, actor, programId, roundId);
    const [request] = await tx
      .select({ id: signoffRequests.id, workspaceId: signoffRequests.workspaceId, reminderCount: signoffRequests.reminderCount, expiresAt: signoffRequests.expiresAt })
      .from(signoffRequests)
      .where(and(eq(signoffRequests.roundId, roundId), eq(signoffRequests.customerId, customerId), eq(signoffRequests.workspaceId, actor.workspaceId), remindable(clock.now())))
      .for("update");
    if (!request) throw new AppError("conflict", "There is no open request to remind: it was decided, expired or never sent.");
    if (request.reminderCount >= REMINDER_SCHEDULE.max) throw new AppError("conflict", `This buyer has had ${REMINDER_SCHEDULE.max} reminders already. Re-send the request if a new link is needed.`);
    await remind(tx, request, actor);
  });
}

/** The automatic reminders that are due now; run by the app's worker. Returns how many went out. */
export async function sendDueSignoffReminders() {
  const now = clock.now();
  const firstBefore = new Date(now.getTime() - REMINDER_SCHEDULE.firstAfterMs);
  const nextBefore = new Date(now.getTime() - REMINDER_SCHEDULE.everyMs);
  const isDue = and(
    remindable(now),
    sql`exists (select 1 from rounds r where r.id = signoff_requests.round_id and r.closes_on is null)`,
    sql`${signoffRequests.reminderCount} < ${REMINDER_SCHEDULE.max}`,
    or(
      and(eq(signoffRequests.reminderCount, 0), lte(signoffRequests.createdAt, firstBefore)),
      and(gt(signoffRequests.reminderCount, 0), lte(signoffRequests.lastRemindedAt, nextBefore)),
    ),
  );
  return db().transaction(async (tx) => {
    // The lock order (rounds/round-locks.server.ts): their rounds first, then the requests, whose
    // condition is read again under the lock.
    const roundIds = (await tx.selectDistinct({ roundId: signoffRequests.roundId }).from(signoffRequests).where(isDue).limit(100)).map((r) => r.roundId);
    if (roundIds.length === 0) return 0;
    await shareRounds(tx, roundIds);
    const due = await tx
      .select({ id: signoffRequests.id, workspaceId: signoffRequests.workspaceId, reminderCount: signoffRequests.reminderCount, expiresAt: signoffRequests.expiresAt })
      .from(signoffRequests)
      .where(and(isDue, inArray(signoffRequests.roundId, roundIds)))
      .limit(100)
      .for("update", { skipLocked: true });
    for (const request of due) await remind(tx, request, { type: "system", ip: null, userAgent: null });
    return due.length;
  });
}
