import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { db, prepared, type Executor, type Transaction } from "#db/client";
import { auditEvents, businessCases, businessCaseVersions, contacts, customers, programs, rounds, signoffLinks, signoffRequests, signoffs, workspaces } from "#db/schema";
import { recordAudit, type AuditActor, type MemberActor } from "~/modules/audit/audit.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { newToken, tokenPrefix } from "~/utils/tokens.server";

/** A sign-off link works this long at most; closing the round ends it sooner. */
export const SIGNOFF_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;
/** Automatic reminders: the first 3 days after the request, then every 2 days, 3 at most. */
export const REMINDER_SCHEDULE = { firstAfterMs: 3 * DAY, everyMs: 2 * DAY, max: 3 } as const;

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export async function lockOpenableRound(tx: Transaction, actor: MemberActor, programId: string, roundId: string) {
  const [round] = await tx
    .select({ id: rounds.id, number: rounds.number, status: rounds.status, programStatus: programs.status, product: programs.product, programName: programs.name })
    .from(rounds)
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .where(and(eq(rounds.id, roundId), eq(rounds.programId, programId), eq(rounds.workspaceId, actor.workspaceId)))
    .for("update", { of: rounds });
  if (!round) throw new AppError("not_found", "Round not found.");
  if (round.programStatus === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
  if (round.status === "closed") throw new AppError("conflict", `Round ${round.number} is closed and can no longer change.`);
  return round;
}

type RequestTarget = {
  workspaceId: string;
  programId: string;
  round: { id: string; number: number; product: string };
  customer: { id: string; name: string };
  buyer: { id: string; name: string; email: string };
  caseVersion: { id: string; version: number };
};

/** Adds a personal link to a request and queues its email, inside the caller's transaction. */
async function issueLink(tx: Transaction, target: RequestTarget, request: { id: string; expiresAt: Date }, kind: "request" | "updated" | "reminder", actor: AuditActor) {
  const { token, hash } = newToken();
  await tx.insert(signoffLinks).values({ workspaceId: target.workspaceId, requestId: request.id, tokenHash: hash, createdAt: clock.now() });
  const [team] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, target.workspaceId));
  const props = {
    buyerName: target.buyer.name.split(" ")[0] || target.buyer.name,
    customerName: target.customer.name,
    productName: target.round.product,
    teamName: team.name,
    roundNumber: target.round.number,
    caseVersion: target.caseVersion.version,
    expiresOn: longDate.format(request.expiresAt),
    link: `${env().APP_URL}/s/${token}`,
  };
  await queueEmail(tx, {
    workspaceId: target.workspaceId,
    to: target.buyer.email,
    subjectId: request.id,
    ...(kind === "reminder" ? { template: "signoff-reminder" as const, props } : { template: "signoff-request" as const, props: { ...props, kind } }),
  });
  await recordAudit(tx, actor, {
    workspaceId: target.workspaceId,
    action: kind === "reminder" ? "signoff.reminded" : "signoff.sent",
    programId: target.programId,
    roundId: target.round.id,
    customerId: target.customer.id,
    subjectId: request.id,
    details: { to: target.buyer.email, caseVersion: target.caseVersion.version, link: tokenPrefix(hash), kind },
  });
}

/** The customer's buyer and current case version, or the reason a request cannot go out. */
async function requestTarget(tx: Transaction, actor: MemberActor, round: { id: string; number: number; product: string }, programId: string, customerId: string): Promise<RequestTarget | string> {
  const [row] = await tx
    .select({
      customerName: customers.name,
      customerStatus: customers.status,
      caseVersionId: businessCaseVersions.id,
      version: businessCaseVersions.version,
      buyerId: contacts.id,
      buyerName: contacts.name,
      buyerEmail: contacts.email,
    })
    .from(customers)
    .leftJoin(businessCases, and(eq(businessCases.customerId, customers.id), eq(businessCases.roundId, round.id)))
    .leftJoin(businessCaseVersions, and(eq(businessCaseVersions.businessCaseId, businessCases.id), eq(businessCaseVersions.version, businessCases.currentVersion)))
    .leftJoin(contacts, and(eq(contacts.customerId, customers.id), eq(contacts.isBuyer, true), isNull(contacts.removedAt)))
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)));
  if (!row) throw new AppError("not_found", "Customer not found.");
  if (row.customerStatus === "withdrawn") return `${row.customerName} has withdrawn.`;
  if (!row.caseVersionId || !row.version) return `${row.customerName} has no business case for this round yet.`;
  if (!row.buyerId || !row.buyerName || !row.buyerEmail) return `${row.customerName} has no economic buyer to ask.`;
  return {
    workspaceId: actor.workspaceId,
    programId,
    round,
    customer: { id: customerId, name: row.customerName },
    buyer: { id: row.buyerId, name: row.buyerName, email: row.buyerEmail },
    caseVersion: { id: row.caseVersionId, version: row.version },
  };
}

async function liveRequest(tx: Transaction, roundId: string, customerId: string) {
  const [live] = await tx
    .select({ id: signoffRequests.id, caseVersionId: signoffRequests.caseVersionId, contactId: signoffRequests.contactId, expiresAt: signoffRequests.expiresAt, decidedAt: signoffs.decidedAt })
    .from(signoffRequests)
    .leftJoin(signoffs, eq(signoffs.requestId, signoffRequests.id))
    .where(and(eq(signoffRequests.roundId, roundId), eq(signoffRequests.customerId, customerId), isNull(signoffRequests.supersededAt)))
    .for("update", { of: signoffRequests });
  return live;
}

/** Ends a request: its links stop working and a newer request (if any) asks again. */
export async function supersedeRequest(tx: Transaction, requestId: string) {
  const now = clock.now();
  await tx.update(signoffRequests).set({ supersededAt: now }).where(eq(signoffRequests.id, requestId));
  await tx.update(signoffLinks).set({ revokedAt: now }).where(and(eq(signoffLinks.requestId, requestId), isNull(signoffLinks.revokedAt)));
}

async function createRequest(tx: Transaction, target: RequestTarget, kind: "request" | "updated", actor: MemberActor) {
  const now = clock.now();
  const [request] = await tx
    .insert(signoffRequests)
    .values({
      workspaceId: target.workspaceId,
      roundId: target.round.id,
      customerId: target.customer.id,
      contactId: target.buyer.id,
      caseVersionId: target.caseVersion.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGNOFF_TTL_MS),
    })
    .returning({ id: signoffRequests.id, expiresAt: signoffRequests.expiresAt });
  await issueLink(tx, target, request, kind, actor);
  return request;
}

/**
 * Sends the sign-off request for one customer, inside the caller's transaction. A live request for
 * the current version is re-sent (a new link; the old ones stop working); one for an older version
 * is superseded and replaced.
 */
export async function requestSignoffInTx(tx: Transaction, actor: MemberActor, round: { id: string; number: number; product: string }, programId: string, customerId: string, kind: "request" | "updated" = "request") {
  const target = await requestTarget(tx, actor, round, programId, customerId);
  if (typeof target === "string") throw new AppError("conflict", target);
  const live = await liveRequest(tx, round.id, customerId);
  if (live && live.caseVersionId === target.caseVersion.id && live.contactId === target.buyer.id) {
    if (live.decidedAt) throw new AppError("conflict", `${target.customer.name}'s buyer has already decided on version ${target.caseVersion.version}. Edit the case to ask again.`);
    const now = clock.now();
    await tx.update(signoffLinks).set({ revokedAt: now }).where(and(eq(signoffLinks.requestId, live.id), isNull(signoffLinks.revokedAt)));
    const expiresAt = new Date(now.getTime() + SIGNOFF_TTL_MS);
    await tx.update(signoffRequests).set({ expiresAt }).where(eq(signoffRequests.id, live.id));
    await issueLink(tx, target, { id: live.id, expiresAt }, kind, actor);
    return { requestId: live.id, resent: true };
  }
  if (live) await supersedeRequest(tx, live.id);
  const request = await createRequest(tx, target, live ? "updated" : kind, actor);
  return { requestId: request.id, resent: false };
}

export async function sendSignoffRequest({ actor, programId, roundId, customerId }: { actor: MemberActor; programId: string; roundId: string; customerId: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const round = await lockOpenableRound(tx, actor, programId, roundId);
    if (round.status !== "open") throw new AppError("conflict", "Open the round first: sign-off requests go out while a round is open.");
    return requestSignoffInTx(tx, actor, round, programId, customerId);
  });
}

/** Sends the request to every buyer of the round that has a case and no request for it yet. */
export async function sendAllSignoffRequests({ actor, programId, roundId }: { actor: MemberActor; programId: string; roundId: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const round = await lockOpenableRound(tx, actor, programId, roundId);
    if (round.status !== "open") throw new AppError("conflict", "Open the round first: sign-off requests go out while a round is open.");
    const candidates = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId), inArray(customers.status, ["enrolled", "active"])))
      .orderBy(asc(customers.name));
    let sent = 0;
    const skipped: string[] = [];
    for (const { id } of candidates) {
      const target = await requestTarget(tx, actor, round, programId, id);
      if (typeof target === "string") {
        skipped.push(target);
        continue;
      }
      const live = await liveRequest(tx, roundId, id);
      if (live && live.caseVersionId === target.caseVersion.id) continue; // already asked for this version
      await requestSignoffInTx(tx, actor, round, programId, id);
      sent++;
    }
    return { sent, skipped };
  });
}

type DueRequest = { id: string; workspaceId: string; reminderCount: number; expiresAt: Date };

/** Queues one reminder for a live, undecided, unexpired request. */
async function remind(tx: Transaction, request: DueRequest, actor: AuditActor) {
  const [row] = await tx
    .select({
      roundId: rounds.id,
      programId: rounds.programId,
      roundNumber: rounds.number,
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
      round: { id: row.roundId, number: row.roundNumber, product: row.product },
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
const remindable = (now: Date) =>
  and(
    isNull(signoffRequests.supersededAt),
    gt(signoffRequests.expiresAt, now),
    sql`not exists (select 1 from signoffs s where s.request_id = signoff_requests.id)`,
    sql`exists (select 1 from rounds r where r.id = signoff_requests.round_id and r.status = 'open')`,
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
  return db().transaction(async (tx) => {
    const due = await tx
      .select({ id: signoffRequests.id, workspaceId: signoffRequests.workspaceId, reminderCount: signoffRequests.reminderCount, expiresAt: signoffRequests.expiresAt })
      .from(signoffRequests)
      .where(
        and(
          remindable(now),
          sql`${signoffRequests.reminderCount} < ${REMINDER_SCHEDULE.max}`,
          or(
            and(eq(signoffRequests.reminderCount, 0), lte(signoffRequests.createdAt, firstBefore)),
            and(gt(signoffRequests.reminderCount, 0), lte(signoffRequests.lastRemindedAt, nextBefore)),
          ),
        ),
      )
      .limit(100)
      .for("update", { skipLocked: true });
    for (const request of due) await remind(tx, request, { type: "system", ip: null, userAgent: null });
    return due.length;
  });
}

// ---------------------------------------------------------------------------------------------
// The PM's view of the buyer channel

export type RequestState = "not_sent" | "sent" | "opened" | "approved" | "declined" | "expired" | "failed" | "bounced";

/** Per customer of the round: buyer, case, live request and decision. One query. */
export async function roundSignoffs({ workspaceId, programId, roundId, executor = db() }: { workspaceId: string; programId: string; roundId: string; executor?: Executor }) {
  const roundId_ = sql.placeholder("roundId");
  const rows = await prepared(executor, "signoff.round", (e) =>
    e
      .select({
        customerId: customers.id,
        customerName: customers.name,
        buyerName: contacts.name,
        buyerEmail: contacts.email,
        caseVersion: businessCases.currentVersion,
        requestId: signoffRequests.id,
        requestVersion: sql<number | null>`(select v.version from business_case_versions v where v.id = ${signoffRequests.caseVersionId})`.mapWith((v) => (v === null ? null : Number(v))),
        requestedAt: signoffRequests.createdAt,
        expiresAt: signoffRequests.expiresAt,
        reminderCount: signoffRequests.reminderCount,
        superseded: sql<number>`(select count(*) from signoff_requests o where o.round_id = ${roundId_} and o.customer_id = ${customers.id} and o.superseded_at is not null)`.mapWith(Number),
        opened: sql<boolean>`exists (select 1 from audit_events a where a.subject_id = ${signoffRequests.id} and a.action = 'signoff.opened')`,
        emailStatus: sql<string | null>`(select e.status from email_outbox e where e.subject_id = ${signoffRequests.id} order by e.created_at desc limit 1)`,
        emailDelivery: sql<string | null>`(select e.delivery from email_outbox e where e.subject_id = ${signoffRequests.id} order by e.created_at desc limit 1)`,
        signoffId: signoffs.id,
        decision: signoffs.decision,
        decidedAt: signoffs.decidedAt,
        declineReason: signoffs.declineReason,
        willingnessToPay: signoffs.willingnessToPay,
        wtpAmount: signoffs.wtpAmount,
        wtpCurrency: signoffs.wtpCurrency,
        referenceConsent: signoffs.referenceConsent,
        consentWithdrawnAt: signoffs.consentWithdrawnAt,
      })
      .from(customers)
      .leftJoin(contacts, and(eq(contacts.customerId, customers.id), eq(contacts.isBuyer, true), isNull(contacts.removedAt)))
      .leftJoin(businessCases, and(eq(businessCases.customerId, customers.id), eq(businessCases.roundId, roundId_)))
      .leftJoin(signoffRequests, and(eq(signoffRequests.customerId, customers.id), eq(signoffRequests.roundId, roundId_), isNull(signoffRequests.supersededAt)))
      .leftJoin(signoffs, eq(signoffs.requestId, signoffRequests.id))
      .where(and(eq(customers.workspaceId, sql.placeholder("workspaceId")), eq(customers.programId, sql.placeholder("programId")), inArray(customers.status, ["enrolled", "active"])))
      .orderBy(asc(customers.name))
      .prepare("signoff_round"),
  ).execute({ workspaceId, programId, roundId });
  const now = clock.now();
  return rows.map((row) => {
    const state: RequestState = !row.requestId
      ? "not_sent"
      : row.decision === "approve"
        ? "approved"
        : row.decision === "decline"
          ? "declined"
          : row.expiresAt && row.expiresAt <= now
            ? "expired"
            : row.emailDelivery === "bounced" || row.emailDelivery === "complained"
              ? "bounced"
              : row.emailStatus === "failed"
              ? "failed"
              : row.opened
                ? "opened"
                : "sent";
    return { ...row, state };
  });
}

/** Everything the printable certificate shows; one decision of the workspace. */
export async function getCertificate({ workspaceId, programId, roundId, signoffId }: { workspaceId: string; programId: string; roundId: string; signoffId: string }) {
  const [row] = await db()
    .select({
      id: signoffs.id,
      requestId: signoffs.requestId,
      decision: signoffs.decision,
      declineReason: signoffs.declineReason,
      conditions: signoffs.conditions,
      willingnessToPay: signoffs.willingnessToPay,
      wtpAmount: signoffs.wtpAmount,
      wtpCurrency: signoffs.wtpCurrency,
      referenceConsent: signoffs.referenceConsent,
      consentNameLogo: signoffs.consentNameLogo,
      consentCaseStudy: signoffs.consentCaseStudy,
      consentReferenceCalls: signoffs.consentReferenceCalls,
      consentWithdrawnAt: signoffs.consentWithdrawnAt,
      signatureName: signoffs.signatureName,
      signedContentHash: signoffs.signedContentHash,
      ip: signoffs.ip,
      userAgent: signoffs.userAgent,
      decidedAt: signoffs.decidedAt,
      buyerName: contacts.name,
      buyerEmail: contacts.email,
      buyerTitle: contacts.title,
      customerName: customers.name,
      roundNumber: rounds.number,
      roundTitle: rounds.title,
      programName: programs.name,
      product: programs.product,
      caseVersion: businessCaseVersions.version,
      problem: businessCaseVersions.problem,
      valueClaimed: businessCaseVersions.valueClaimed,
      priceTerms: businessCaseVersions.priceTerms,
      notes: businessCaseVersions.notes,
      contentHash: businessCaseVersions.contentHash,
    })
    .from(signoffs)
    .innerJoin(contacts, eq(contacts.id, signoffs.contactId))
    .innerJoin(customers, eq(customers.id, signoffs.customerId))
    .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffs.caseVersionId))
    .where(and(eq(signoffs.id, signoffId), eq(signoffs.workspaceId, workspaceId), eq(signoffs.roundId, roundId), eq(rounds.programId, programId)));
  if (!row) throw new AppError("not_found", "Sign-off not found.");
  const history = await db()
    .select({ action: auditEvents.action, at: auditEvents.createdAt, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), or(eq(auditEvents.subjectId, row.requestId), eq(auditEvents.subjectId, row.id))))
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return { ...row, history };
}

