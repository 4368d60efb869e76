import { and, eq, gt, isNull } from "drizzle-orm";
import { db, type Executor, type Transaction } from "#db/client";
import { contacts, customers, programs, referenceLinks, referenceRequests, workspaces } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { newToken, tokenPrefix } from "~/utils/tokens.server";
import { availability, mayRequest, type Use } from "./availability";
import { allowedKinds, consentFor, kindAsked, kindLabel, type ReferenceKind } from "./kinds";
import type { ReferenceRequestInput } from "./references.schema";
import { askable, referenceStandings, consentRows } from "./standing.server";
import { referenceUses } from "~/modules/signoff/reference-uses";

/** A reference link works this long; re-sending starts it again. */
export const REFERENCE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

const longDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const firstName = (name: string) => name.split(" ")[0] || name;

/** The uses of one customer that may still count against the limit (the period's length back). */
async function usesOf(executor: Executor, customerId: string, days: number): Promise<Use[]> {
  const rows = await executor
    .select({ requestedAt: referenceRequests.createdAt, status: referenceRequests.status })
    .from(referenceRequests)
    .where(and(eq(referenceRequests.customerId, customerId), gt(referenceRequests.createdAt, new Date(clock.now().getTime() - days * DAY_MS))));
  return rows;
}

/** The program's limit, locking the program row (step 1 of the lock order) when asked to. */
async function programLimit(tx: Transaction, workspaceId: string, programId: string) {
  const [program] = await tx
    .select({ status: programs.status, product: programs.product, uses: programs.referenceLimitUses, days: programs.referenceLimitDays })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, workspaceId)));
  if (!program) throw new AppError("not_found", "Program not found.");
  if (program.status === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
  return program;
}

type LinkTarget = { workspaceId: string; requestId: string; programId: string; customerId: string; customerName: string; product: string; kind: ReferenceKind; requester: string; purpose: string; neededBy: string | null; expiresAt: Date; contact: { id: string; name: string; email: string; namedByBuyer: boolean } };

/** Adds a personal link to a request (only its hash is stored) and queues its email, in the caller's transaction. */
async function issueReferenceLink(tx: Transaction, target: LinkTarget, kind: "request" | "reminder", actor: MemberActor) {
  const { token, hash } = newToken();
  await tx.insert(referenceLinks).values({ workspaceId: target.workspaceId, requestId: target.requestId, tokenHash: hash, createdAt: clock.now() });
  const [team] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, target.workspaceId));
  await queueEmail(tx, {
    workspaceId: target.workspaceId,
    to: target.contact.email,
    subjectId: target.requestId,
    template: "reference-request",
    props: {
      contactName: firstName(target.contact.name),
      customerName: target.customerName,
      productName: target.product,
      teamName: team.name,
      asked: kindAsked(target.kind),
      requester: target.requester,
      purpose: target.purpose,
      neededBy: target.neededBy ? longDate.format(new Date(target.neededBy)) : null,
      expiresOn: longDate.format(target.expiresAt),
      link: `${env().APP_URL}/r/${token}`,
      kind,
      namedByBuyer: target.contact.namedByBuyer,
    },
  });
  await recordAudit(tx, actor, {
    workspaceId: target.workspaceId,
    action: kind === "reminder" ? "reference.resent" : "reference.sent",
    programId: target.programId,
    customerId: target.customerId,
    subjectId: target.requestId,
    details: { to: target.contact.email, name: target.contact.name, kind: target.kind, link: tokenPrefix(hash), text: `${kindLabel(target.kind)} asked of ${target.contact.name} by email` },
  });
}

/**
 * Records a reference request and emails the customer's buyer their link, in one transaction.
 * Refused, before anything is written, when the customer is not referenceable, when the buyer's
 * consent excludes this kind, or past the program's limit (unless an admin gives a reason). The
 * customer row is locked first, so two requests at once cannot both take the last place.
 */
export async function requestReference({ actor, programId, input }: { actor: MemberActor; programId: string; input: ReferenceRequestInput }) {
  assertEditor(actor);
  const standing = (await referenceStandings(actor.workspaceId, programId)).find((s) => s.customerId === input.customerId);
  if (!standing) throw new AppError("invalid", "Choose a customer of this program.", "customerId");
  if (!standing.referenceable || !standing.signoffId) throw new AppError("conflict", `${standing.name} is not referenceable: ${standing.reason}.`, "customerId");
  whomToAsk(standing.name, standing, input.ask);

  return db().transaction(async (tx) => {
    const program = await programLimit(tx, actor.workspaceId, programId);
    const [customer] = await tx.select({ status: customers.status }).from(customers).where(and(eq(customers.id, input.customerId), eq(customers.programId, programId))).for("update");
    if (customer?.status !== "active") throw new AppError("conflict", `${standing.name} is not active.`, "customerId");
    // The consent again under the customer's lock: a withdrawal that committed meanwhile is seen.
    const [consent] = await consentRows(tx, actor.workspaceId, [standing.signoffId!]);
    if (!consent?.referenceConsent || consent.consentWithdrawnAt) throw new AppError("conflict", `${standing.name}'s buyer withdrew reference consent.`, "customerId");
    if (!allowedKinds(consent).includes(input.kind))
      throw new AppError("conflict", `${standing.name}'s buyer did not agree to ${referenceUses[consentFor[input.kind]]}, which a ${kindLabel(input.kind).toLowerCase()} needs; they agreed to ${allowedKinds(consent).map(kindLabel).join(", ").toLowerCase() || "nothing"}.`, "kind");

    const asked = whomToAsk(standing.name, askable(consent), input.ask);

    const now = clock.now();
    const current = availability(await usesOf(tx, input.customerId, program.days), program, now);
    const verdict = mayRequest(current, { role: actor.role, reason: input.overrideReason });
    if (!verdict.allowed) throw new AppError("conflict", verdict.reason, "overrideReason");

    const expiresAt = new Date(now.getTime() + REFERENCE_TTL_MS);
    const [request] = await tx
      .insert(referenceRequests)
      .values({
        workspaceId: actor.workspaceId,
        programId,
        customerId: input.customerId,
        contactId: asked.id,
        kind: input.kind,
        requester: input.requester,
        purpose: input.purpose,
        neededBy: input.neededBy,
        requestedById: actor.memberId,
        overrideReason: verdict.overridden ? input.overrideReason : null,
        overrideById: verdict.overridden ? actor.memberId : null,
        createdAt: now,
        expiresAt,
      })
      .returning({ id: referenceRequests.id });
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "reference.requested",
      programId,
      customerId: input.customerId,
      subjectId: request.id,
      details: {
        kind: input.kind,
        requester: input.requester,
        purpose: input.purpose,
        contactName: asked.name,
        usesBefore: current.used,
        limit: `${program.uses} per ${program.days} days`,
        ...(verdict.overridden ? { overrideReason: input.overrideReason } : {}),
        ...(asked.namedBy ? { namedBy: asked.namedBy } : {}),
        text: `${kindLabel(input.kind)} for ${input.purpose}, asked by ${input.requester}${verdict.overridden ? `; past the limit (${current.used} of ${program.uses}) by an admin: ${input.overrideReason}` : ""}`,
      },
    });
    await issueReferenceLink(
      tx,
      { workspaceId: actor.workspaceId, requestId: request.id, programId, customerId: input.customerId, customerName: standing.name, product: program.product, kind: input.kind, requester: input.requester, purpose: input.purpose, neededBy: input.neededBy, expiresAt, contact: { id: asked.id, name: asked.name, email: asked.email, namedByBuyer: asked.namedBy !== null } },
      "request",
      actor,
    );
    return { id: request.id, overridden: verdict.overridden, usedAfter: current.used + 1 };
  });
}

/**
 * Who agrees to a use: the colleague the buyer named when asked for (or by default), else the buyer.
 * Refused when that person is no longer a contact of the customer.
 */
function whomToAsk(customerName: string, people: ReturnType<typeof askable>, ask: "named" | "buyer") {
  const { buyer, named } = people;
  if (ask === "named" && named) return { ...named, namedBy: buyer?.name ?? "the buyer" };
  if (buyer) return { ...buyer, namedBy: null };
  if (named) throw new AppError("conflict", `${customerName}'s buyer who gave the consent is no longer in its unit; ask their reference contact, ${named.name}, instead.`, "ask");
  throw new AppError("conflict", `${customerName}'s buyer who gave the consent is no longer in its unit, and no reference contact is named; nobody can agree to a use.`, "customerId");
}

/** A pending request of the program, locked (step 4), with what its link and email need. */
async function lockPendingRequest(tx: Transaction, actor: MemberActor, programId: string, requestId: string) {
  const [row] = await tx
    .select({
      id: referenceRequests.id,
      status: referenceRequests.status,
      customerId: referenceRequests.customerId,
      customerName: customers.name,
      kind: referenceRequests.kind,
      requester: referenceRequests.requester,
      purpose: referenceRequests.purpose,
      neededBy: referenceRequests.neededBy,
      product: programs.product,
      contactId: contacts.id,
      contactName: contacts.name,
      contactEmail: contacts.email,
      contactRemovedAt: contacts.removedAt,
      contactIsReferenceContact: contacts.isReferenceContact,
    })
    .from(referenceRequests)
    .innerJoin(customers, eq(customers.id, referenceRequests.customerId))
    .innerJoin(programs, eq(programs.id, referenceRequests.programId))
    .innerJoin(contacts, eq(contacts.id, referenceRequests.contactId))
    .where(and(eq(referenceRequests.id, requestId), eq(referenceRequests.programId, programId), eq(referenceRequests.workspaceId, actor.workspaceId)))
    .for("update", { of: referenceRequests });
  if (!row) throw new AppError("not_found", "Reference request not found.");
  if (row.status !== "pending") throw new AppError("conflict", `This request is already ${row.status}; only a pending request can change.`);
  return row;
}

/** Sends a pending request again: earlier links stop working, the new one works for another 30 days. */
export async function resendReferenceRequest({ actor, programId, requestId }: { actor: MemberActor; programId: string; requestId: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await programLimit(tx, actor.workspaceId, programId);
    const row = await lockPendingRequest(tx, actor, programId, requestId);
    if (row.contactRemovedAt) throw new AppError("conflict", `${row.contactName} is no longer in ${row.customerName}'s unit; cancel this request instead.`);
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + REFERENCE_TTL_MS);
    await tx.update(referenceLinks).set({ revokedAt: now }).where(and(eq(referenceLinks.requestId, row.id), isNull(referenceLinks.revokedAt)));
    await tx.update(referenceRequests).set({ expiresAt }).where(eq(referenceRequests.id, row.id));
    await issueReferenceLink(
      tx,
      { workspaceId: actor.workspaceId, requestId: row.id, programId, customerId: row.customerId, customerName: row.customerName, product: row.product, kind: row.kind, requester: row.requester, purpose: row.purpose, neededBy: row.neededBy, expiresAt, contact: { id: row.contactId, name: row.contactName, email: row.contactEmail, namedByBuyer: row.contactIsReferenceContact } },
      "reminder",
      actor,
    );
  });
}

/** A member cancels a pending request (the prospect went away, say): its links end, it stops counting. */
export async function cancelReferenceRequest({ actor, programId, requestId, reason }: { actor: MemberActor; programId: string; requestId: string; reason: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await programLimit(tx, actor.workspaceId, programId);
    const row = await lockPendingRequest(tx, actor, programId, requestId);
    const now = clock.now();
    await tx.update(referenceRequests).set({ status: "cancelled", cancelledAt: now, cancelReason: reason }).where(eq(referenceRequests.id, row.id));
    await tx.update(referenceLinks).set({ revokedAt: now }).where(and(eq(referenceLinks.requestId, row.id), isNull(referenceLinks.revokedAt)));
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "reference.cancelled",
      programId,
      customerId: row.customerId,
      subjectId: row.id,
      details: { reason, kind: row.kind, purpose: row.purpose, text: `${kindLabel(row.kind)} for ${row.purpose} cancelled: ${reason}` },
    });
  });
}
