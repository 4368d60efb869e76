import { and, asc, between, eq, gt, isNotNull, lte, notExists, or, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { clearanceLinks, clearanceRequests, closeReminders, contacts, customers, programs, rounds, techBriefVersions } from "#db/schema";
import { type AuditActor, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { addDays, dueCloseReminder, today } from "~/modules/rounds/schedule";
import { REMINDER_SCHEDULE } from "~/modules/signoff/reminders.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { issueClearanceLink } from "./links.server";
import { lockReviewedCustomer } from "./requests.server";

/** Nobody gets two emails about one review within this time (as for buyers before a close). */
const QUIET_MS = 24 * 60 * 60 * 1000;
const system: AuditActor = { type: "system", ip: null, userAgent: null };

type DueRequest = { id: string; workspaceId: string; reminderCount: number; expiresAt: Date };

/** Conditions of a request a reminder may go to: live, unanswered, unexpired, to a current gatekeeper of a taking-part customer. */
const remindable = (now: Date) =>
  and(
    sql`${clearanceRequests.supersededAt} is null`,
    gt(clearanceRequests.expiresAt, now),
    sql`not exists (select 1 from clearances c where c.request_id = clearance_requests.id)`,
    sql`exists (select 1 from contacts c join customers cu on cu.id = c.customer_id join programs p on p.id = cu.program_id where c.id = clearance_requests.contact_id and c.is_gatekeeper and c.removed_at is null and cu.status <> 'withdrawn' and p.status = 'active')`,
  );

/** Queues one reminder (a new link beside the earlier ones) for a remindable request. */
async function remind(tx: Transaction, request: DueRequest, actor: AuditActor) {
  const [row] = await tx
    .select({
      programId: clearanceRequests.programId,
      roundId: clearanceRequests.roundId,
      closesOn: sql<string | null>`(select r.closes_on from rounds r where r.id = ${clearanceRequests.roundId} and r.status = 'open')`,
      product: programs.product,
      customerId: customers.id,
      customerName: customers.name,
      gatekeeperId: contacts.id,
      gatekeeperName: contacts.name,
      gatekeeperEmail: contacts.email,
      briefVersionId: techBriefVersions.id,
      version: techBriefVersions.version,
    })
    .from(clearanceRequests)
    .innerJoin(programs, eq(programs.id, clearanceRequests.programId))
    .innerJoin(customers, eq(customers.id, clearanceRequests.customerId))
    .innerJoin(contacts, eq(contacts.id, clearanceRequests.contactId))
    .innerJoin(techBriefVersions, eq(techBriefVersions.id, clearanceRequests.briefVersionId))
    .where(eq(clearanceRequests.id, request.id));
  await tx.update(clearanceRequests).set({ reminderCount: request.reminderCount + 1, lastRemindedAt: clock.now() }).where(eq(clearanceRequests.id, request.id));
  await issueClearanceLink(
    tx,
    {
      workspaceId: request.workspaceId,
      programId: row.programId,
      product: row.product,
      round: row.roundId ? { id: row.roundId, closesOn: row.closesOn } : null,
      customer: { id: row.customerId, name: row.customerName },
      gatekeeper: { id: row.gatekeeperId, name: row.gatekeeperName, email: row.gatekeeperEmail },
      briefVersion: { id: row.briefVersionId, version: row.version },
    },
    request,
    "reminder",
    actor,
  );
}

const dueColumns = { id: clearanceRequests.id, workspaceId: clearanceRequests.workspaceId, reminderCount: clearanceRequests.reminderCount, expiresAt: clearanceRequests.expiresAt };

/** The PM's "Remind" button: counts toward the 3 reminders a gatekeeper gets at most, as for buyers. */
export async function remindGatekeeper({ actor, programId, customerId }: { actor: MemberActor; programId: string; customerId: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await lockReviewedCustomer(tx, actor, programId, customerId);
    const [request] = await tx
      .select(dueColumns)
      .from(clearanceRequests)
      .where(and(eq(clearanceRequests.customerId, customerId), eq(clearanceRequests.workspaceId, actor.workspaceId), remindable(clock.now())))
      .for("update");
    if (!request) throw new AppError("conflict", "There is no open review request to remind: it was answered, expired or never sent.");
    if (request.reminderCount >= REMINDER_SCHEDULE.max) throw new AppError("conflict", `This gatekeeper has had ${REMINDER_SCHEDULE.max} reminders already. Re-send the request if a new link is needed.`);
    await remind(tx, request, actor);
  });
}

/**
 * The automatic reminders after the request (the buyers' schedule: 3 days, then every 2, 3 at
 * most), for requests without a round with a planned close date; those are reminded before the
 * close instead (sendClearanceCloseReminders). Returns how many went out.
 */
export async function sendDueClearanceReminders() {
  const now = clock.now();
  const firstBefore = new Date(now.getTime() - REMINDER_SCHEDULE.firstAfterMs);
  const nextBefore = new Date(now.getTime() - REMINDER_SCHEDULE.everyMs);
  const isDue = and(
    remindable(now),
    sql`not exists (select 1 from rounds r where r.id = clearance_requests.round_id and r.status = 'open' and r.closes_on is not null)`,
    sql`${clearanceRequests.reminderCount} < ${REMINDER_SCHEDULE.max}`,
    or(
      and(eq(clearanceRequests.reminderCount, 0), lte(clearanceRequests.createdAt, firstBefore)),
      and(gt(clearanceRequests.reminderCount, 0), lte(clearanceRequests.lastRemindedAt, nextBefore)),
    ),
  );
  return db().transaction(async (tx) => {
    const due = await tx.select(dueColumns).from(clearanceRequests).where(isDue).orderBy(asc(clearanceRequests.id)).limit(100).for("update", { skipLocked: true });
    for (const request of due) await remind(tx, request, system);
    return due.length;
  });
}

/**
 * The reminders 3 days and 1 day before the planned close of the round a request went out in, one
 * per slot (a unique close_reminders row, channel "clearance"), within the same cap of 3.
 */
export async function sendClearanceCloseReminders() {
  const now = clock.now();
  const candidates = await db()
    .select({ id: rounds.id, workspaceId: rounds.workspaceId, closesOn: sql<string>`${rounds.closesOn}` })
    .from(rounds)
    .where(and(eq(rounds.status, "open"), isNotNull(rounds.closesOn), between(rounds.closesOn, today(now), addDays(today(now), 3))))
    .orderBy(asc(rounds.closesOn))
    .limit(100);
  let sent = 0;
  for (const round of candidates) {
    const daysBefore = dueCloseReminder(round.closesOn, now);
    if (!daysBefore) continue;
    sent += await db().transaction(async (tx) => {
      const quietSince = new Date(now.getTime() - QUIET_MS);
      const requests = await tx
        .select(dueColumns)
        .from(clearanceRequests)
        .where(
          and(
            eq(clearanceRequests.roundId, round.id),
            remindable(now),
            sql`${clearanceRequests.reminderCount} < ${REMINDER_SCHEDULE.max}`,
            notExists(tx.select({ id: clearanceLinks.id }).from(clearanceLinks).where(and(eq(clearanceLinks.requestId, clearanceRequests.id), gt(clearanceLinks.createdAt, quietSince)))),
          ),
        )
        .orderBy(asc(clearanceRequests.id))
        .for("update", { skipLocked: true });
      if (requests.length === 0) return 0;
      const claimed = await tx
        .insert(closeReminders)
        .values(requests.map((r) => ({ workspaceId: round.workspaceId, roundId: round.id, channel: "clearance" as const, subjectId: r.id, closesOn: round.closesOn, daysBefore, createdAt: clock.now() })))
        .onConflictDoNothing()
        .returning({ subjectId: closeReminders.subjectId });
      const free = new Set(claimed.map((c) => c.subjectId));
      const due = requests.filter((r) => free.has(r.id));
      for (const request of due) await remind(tx, request, system);
      return due.length;
    });
  }
  return sent;
}

