import { and, asc, eq, isNull } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { clearanceLinks, clearanceRequests, clearances, contacts, customers, programs, rounds, techBriefs, techBriefVersions } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { issueClearanceLink, type ClearanceTarget, type LinkKind } from "./links.server";

/** An IT review link works this long at most, as a sign-off link does. */
export const CLEARANCE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The customer's current gatekeepers, by name. */
export async function gatekeepersOf(workspaceId: string, customerId: string) {
  return db()
    .select({ id: contacts.id, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.customerId, customerId), eq(contacts.isGatekeeper, true), isNull(contacts.removedAt)))
    .orderBy(asc(contacts.name));
}

/**
 * Locks the customer (every change to its brief or review goes through this lock, so a save and a
 * send never interleave) and checks it can still be asked.
 */
export async function lockReviewedCustomer(tx: Transaction, actor: MemberActor, programId: string, customerId: string) {
  const [row] = await tx
    .select({ id: customers.id, name: customers.name, status: customers.status, enrolledAt: customers.enrolledAt, programStatus: programs.status, product: programs.product })
    .from(customers)
    .innerJoin(programs, eq(programs.id, customers.programId))
    .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)))
    .for("update", { of: customers });
  if (!row) throw new AppError("not_found", "Customer not found.");
  if (row.programStatus === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
  if (row.status === "withdrawn") throw new AppError("conflict", `${row.name} has withdrawn.`);
  return row;
}

/** The gatekeeper and current brief version to ask about, or the reason a request cannot go out. */
async function requestTarget(tx: Transaction, actor: MemberActor, customer: { id: string; name: string; product: string }, programId: string, contactId?: string): Promise<ClearanceTarget | string> {
  const [brief] = await tx
    .select({ id: techBriefVersions.id, version: techBriefVersions.version })
    .from(techBriefs)
    .innerJoin(techBriefVersions, and(eq(techBriefVersions.briefId, techBriefs.id), eq(techBriefVersions.version, techBriefs.currentVersion)))
    .where(eq(techBriefs.customerId, customer.id));
  if (!brief) return `${customer.name} has no technical brief yet.`;
  const keepers = await tx
    .select({ id: contacts.id, name: contacts.name, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.customerId, customer.id), eq(contacts.isGatekeeper, true), isNull(contacts.removedAt)))
    .orderBy(asc(contacts.name));
  if (keepers.length === 0) return `${customer.name} has no technical gatekeeper to ask. Add one on the customer page.`;
  const gatekeeper = contactId ? keepers.find((k) => k.id === contactId) : keepers.length === 1 ? keepers[0] : undefined;
  if (!gatekeeper) return contactId ? "That person is no longer one of the customer's gatekeepers; reload the page." : `${customer.name} has ${keepers.length} gatekeepers: choose whom to ask.`;
  const [round] = await tx
    .select({ id: rounds.id, closesOn: rounds.closesOn })
    .from(rounds)
    .where(and(eq(rounds.programId, programId), eq(rounds.status, "open")))
    .limit(1);
  return { workspaceId: actor.workspaceId, programId, product: customer.product, round: round ?? null, customer: { id: customer.id, name: customer.name }, gatekeeper, briefVersion: brief };
}

/** The customer's live request (one at most: a unique index), locked. */
export async function liveClearanceRequest(tx: Transaction, customerId: string) {
  const [live] = await tx
    .select({ id: clearanceRequests.id, briefVersionId: clearanceRequests.briefVersionId, contactId: clearanceRequests.contactId, decidedAt: clearances.decidedAt })
    .from(clearanceRequests)
    .leftJoin(clearances, eq(clearances.requestId, clearanceRequests.id))
    .where(and(eq(clearanceRequests.customerId, customerId), isNull(clearanceRequests.supersededAt)))
    .for("update", { of: clearanceRequests });
  return live;
}

/** Ends a request: its links stop working; a newer request (if any) asks again. */
export async function supersedeClearanceRequest(tx: Transaction, requestId: string) {
  const now = clock.now();
  await tx.update(clearanceRequests).set({ supersededAt: now }).where(eq(clearanceRequests.id, requestId));
  await tx.update(clearanceLinks).set({ revokedAt: now }).where(and(eq(clearanceLinks.requestId, requestId), isNull(clearanceLinks.revokedAt)));
}

/**
 * Sends the review request inside the caller's transaction (the customer locked). A live request
 * for the same version and gatekeeper is re-sent (a new link; the old ones stop working); any other
 * live one is superseded and replaced, its decision (if any) ending with it.
 */
export async function requestClearanceInTx(tx: Transaction, actor: MemberActor, customer: { id: string; name: string; product: string }, programId: string, options: { contactId?: string; kind?: LinkKind; changes?: string[] } = {}) {
  const target = await requestTarget(tx, actor, customer, programId, options.contactId);
  if (typeof target === "string") throw new AppError("conflict", target, options.contactId !== undefined ? "contactId" : undefined);
  const live = await liveClearanceRequest(tx, customer.id);
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + CLEARANCE_TTL_MS);
  // An answer on the current version stands until the brief changes: re-asking would end it unseen.
  if (live?.decidedAt && live.briefVersionId === target.briefVersion.id) throw new AppError("conflict", `The gatekeeper has already answered on version ${target.briefVersion.version}. Edit the brief to ask again.`);
  if (live && live.briefVersionId === target.briefVersion.id && live.contactId === target.gatekeeper.id) {
    await tx.update(clearanceLinks).set({ revokedAt: now }).where(and(eq(clearanceLinks.requestId, live.id), isNull(clearanceLinks.revokedAt)));
    await tx.update(clearanceRequests).set({ expiresAt, roundId: target.round?.id ?? null }).where(eq(clearanceRequests.id, live.id));
    await issueClearanceLink(tx, target, { id: live.id, expiresAt }, options.kind ?? "request", actor, options.changes);
    return { requestId: live.id, resent: true };
  }
  if (live) await supersedeClearanceRequest(tx, live.id);
  const [request] = await tx
    .insert(clearanceRequests)
    .values({ workspaceId: actor.workspaceId, programId, roundId: target.round?.id ?? null, customerId: customer.id, contactId: target.gatekeeper.id, briefVersionId: target.briefVersion.id, createdAt: now, expiresAt })
    .returning({ id: clearanceRequests.id, expiresAt: clearanceRequests.expiresAt });
  await issueClearanceLink(tx, target, request, live && options.kind !== "request" ? "updated" : (options.kind ?? "request"), actor, options.changes);
  return { requestId: request.id, resent: false };
}

/** The PM's "Send for IT review" (and "Re-send"). */
export async function sendClearanceRequest({ actor, programId, customerId, contactId }: { actor: MemberActor; programId: string; customerId: string; contactId?: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const customer = await lockReviewedCustomer(tx, actor, programId, customerId);
    return requestClearanceInTx(tx, actor, customer, programId, { contactId });
  });
}

/** Withdraws the live, undecided request: its links stop working at once. */
export async function revokeClearanceRequest({ actor, programId, customerId }: { actor: MemberActor; programId: string; customerId: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await lockReviewedCustomer(tx, actor, programId, customerId);
    const live = await liveClearanceRequest(tx, customerId);
    if (!live || live.decidedAt) throw new AppError("conflict", "There is no open review request to withdraw: it was answered or never sent.");
    await supersedeClearanceRequest(tx, live.id);
    // Whom it asked about which version, for the customer's timeline.
    const [asked] = await tx
      .select({ name: contacts.name, briefVersion: techBriefVersions.version })
      .from(contacts)
      .innerJoin(techBriefVersions, eq(techBriefVersions.id, live.briefVersionId))
      .where(eq(contacts.id, live.contactId));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "clearance.revoked", programId, customerId, subjectId: live.id, details: { ...asked } });
  });
}
