import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { businessCases, businessCaseVersions, contacts, customers, programs, rounds, signoffLinks, signoffRequests, signoffs } from "#db/schema";
import { type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { issueLink, type RequestTarget } from "./links.server";
import { roundSignoffs } from "./round-signoffs.server";
import { supersedeRequest } from "./supersede.server";

/** A sign-off link works this long at most; closing the round ends it sooner. */
export const SIGNOFF_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export async function lockOpenableRound(tx: Transaction, actor: MemberActor, programId: string, roundId: string) {
  const [round] = await tx
    .select({ id: rounds.id, number: rounds.number, closesOn: rounds.closesOn, status: rounds.status, programStatus: programs.status, product: programs.product, programName: programs.name })
    .from(rounds)
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .where(and(eq(rounds.id, roundId), eq(rounds.programId, programId), eq(rounds.workspaceId, actor.workspaceId)))
    .for("update", { of: rounds });
  if (!round) throw new AppError("not_found", "Round not found.");
  if (round.programStatus === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
  if (round.status === "closed") throw new AppError("conflict", `Round ${round.number} is closed and can no longer change.`);
  return round;
}

/** The customer's buyer and current case version, or the reason a request cannot go out. */
async function requestTarget(tx: Transaction, actor: MemberActor, round: { id: string; number: number; product: string; closesOn: string | null }, programId: string, customerId: string): Promise<RequestTarget | string> {
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
    .leftJoin(businessCases, eq(businessCases.customerId, customers.id))
    .leftJoin(businessCaseVersions, and(eq(businessCaseVersions.businessCaseId, businessCases.id), eq(businessCaseVersions.version, businessCases.currentVersion)))
    .leftJoin(contacts, and(eq(contacts.customerId, customers.id), eq(contacts.isBuyer, true), isNull(contacts.removedAt)))
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)));
  if (!row) throw new AppError("not_found", "Customer not found.");
  if (row.customerStatus === "withdrawn") return `${row.customerName} has withdrawn.`;
  if (!row.caseVersionId || !row.version) return `${row.customerName} has no business case yet.`;
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
export async function requestSignoffInTx(tx: Transaction, actor: MemberActor, round: { id: string; number: number; product: string; closesOn: string | null }, programId: string, customerId: string, kind: "request" | "updated" = "request") {
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

/**
 * Sends the request to every buyer of the round that has a case and no request for it yet, except
 * those whose approval of the current version stands from an earlier round.
 */
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
    const standing = await roundSignoffs({ workspaceId: actor.workspaceId, programId, roundId, executor: tx });
    const carried = new Set(standing.filter((s) => s.carried?.decision === "approve").map((s) => s.customerId));
    let sent = 0;
    const skipped: string[] = [];
    for (const { id } of candidates) {
      if (carried.has(id)) continue;
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

