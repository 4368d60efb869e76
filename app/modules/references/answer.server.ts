import { and, eq, inArray, isNull } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { contacts, customers, members, programs, referenceLinks, referenceRequests, workspaceLogos, workspaces } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { brandColumns, brandOf } from "~/modules/brand/brand.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { raiseNotice } from "~/modules/notices/notices.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { AppError } from "~/utils/errors";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";
import { kindAsked, kindLabel } from "./kinds";
import type { ReferenceAnswerInput } from "./references.schema";

export type DeadReferenceLink = "unknown" | "revoked" | "expired" | "cancelled";

const plausibleToken = (token: string) => token.length > 20 && token.length < 100;

function linkQuery(executor: Executor, token: string) {
  return executor
    .select({
      requestId: referenceRequests.id,
      workspaceId: referenceRequests.workspaceId,
      programId: referenceRequests.programId,
      customerId: referenceRequests.customerId,
      contactId: referenceRequests.contactId,
      requestedById: referenceRequests.requestedById,
      kind: referenceRequests.kind,
      requester: referenceRequests.requester,
      purpose: referenceRequests.purpose,
      neededBy: referenceRequests.neededBy,
      status: referenceRequests.status,
      expiresAt: referenceRequests.expiresAt,
      answeredAt: referenceRequests.answeredAt,
      cancelReason: referenceRequests.cancelReason,
      linkRevokedAt: referenceLinks.revokedAt,
      customerName: customers.name,
      customerStatus: customers.status,
      contactName: contacts.name,
      contactRemovedAt: contacts.removedAt,
      product: programs.product,
      teamName: workspaces.name,
      ...brandColumns,
    })
    .from(referenceLinks)
    .innerJoin(referenceRequests, eq(referenceRequests.id, referenceLinks.requestId))
    .innerJoin(customers, eq(customers.id, referenceRequests.customerId))
    .innerJoin(contacts, eq(contacts.id, referenceRequests.contactId))
    .innerJoin(programs, eq(programs.id, referenceRequests.programId))
    .innerJoin(workspaces, eq(workspaces.id, referenceRequests.workspaceId))
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, referenceRequests.workspaceId))
    .where(eq(referenceLinks.tokenHash, hashToken(token)))
    .limit(1);
}

type Link = Awaited<ReturnType<typeof linkQuery>>[number];

/** Why a link cannot take an answer now; an answered request is shown as answered instead. */
function deadReason(link: Link | undefined): DeadReferenceLink | null {
  if (!link) return "unknown";
  if (link.status === "cancelled") return "cancelled";
  if (link.linkRevokedAt || link.contactRemovedAt || link.customerStatus === "withdrawn") return "revoked";
  if (link.expiresAt <= clock.now()) return "expired";
  return null;
}

/** What the customer's page shows; reading changes nothing (mail scanners open links). One query. */
export async function loadReferencePage(token: string) {
  const [link] = plausibleToken(token) ? await linkQuery(db(), token) : [];
  if (!link) return { state: "unknown" as const };
  const brand = { ...brandOf(link), productName: link.product };
  if ((link.status === "agreed" || link.status === "declined") && link.answeredAt)
    return { state: "answered" as const, status: link.status, answeredAt: link.answeredAt, customerName: link.customerName, brand };
  const dead = deadReason(link);
  if (dead) return { state: dead, cancelReason: link.cancelReason, brand };
  return {
    state: "ok" as const,
    brand,
    product: link.product,
    teamName: link.teamName,
    customerName: link.customerName,
    contactName: link.contactName,
    kind: kindLabel(link.kind),
    asked: kindAsked(link.kind),
    requester: link.requester,
    purpose: link.purpose,
    neededBy: link.neededBy,
    expiresAt: link.expiresAt,
  };
}

/**
 * Records the customer's answer: locks the request (step 4 of the lock order), reads the link again
 * and checks that copy. A second post — a double click, twenty at once — records nothing new and
 * says when the first was recorded. The PM's notice and the requester's email go in the same transaction.
 */
export async function answerReferenceRequest({ token, input, origin }: { token: string; input: ReferenceAnswerInput; origin: RequestOrigin }) {
  return db().transaction(async (tx) => {
    const [target] = plausibleToken(token) ? await linkQuery(tx, token) : [];
    if (!target) throw new AppError("not_found", "unknown");
    await tx.select({ id: referenceRequests.id }).from(referenceRequests).where(eq(referenceRequests.id, target.requestId)).for("update");
    const [link] = await linkQuery(tx, token);
    if (!link) throw new AppError("not_found", "unknown");
    if ((link.status === "agreed" || link.status === "declined") && link.answeredAt) return { status: "already" as const, answeredAt: link.answeredAt };
    const dead = deadReason(link);
    if (dead) throw new AppError("not_found", dead);

    const now = clock.now();
    const status = input.decision === "agree" ? ("agreed" as const) : ("declined" as const);
    await tx
      .update(referenceRequests)
      .set({ status, answeredAt: now, answerNote: input.note, signatureName: input.signatureName, ip: origin.ip, userAgent: origin.userAgent })
      .where(and(eq(referenceRequests.id, link.requestId), eq(referenceRequests.status, "pending")));
    const what = `${kindLabel(link.kind)} for ${link.purpose}`;
    await recordAudit(tx, { type: "buyer", contactId: link.contactId, ...origin }, {
      workspaceId: link.workspaceId,
      action: status === "agreed" ? "reference.agreed" : "reference.declined",
      programId: link.programId,
      customerId: link.customerId,
      subjectId: link.requestId,
      details: { kind: link.kind, purpose: link.purpose, signatureName: input.signatureName, note: input.note, link: tokenPrefix(hashToken(token)), text: `${input.signatureName} ${status} to: ${what}` },
    });
    const href = `/programs/${link.programId}/references`;
    await raiseNotice(tx, {
      workspaceId: link.workspaceId,
      programId: link.programId,
      kind: "reference_answered",
      eventKey: `reference_answered:${link.requestId}`,
      title: `${link.customerName} ${status === "agreed" ? "agreed to" : "declined"} a reference request (${kindLabel(link.kind).toLowerCase()})`,
      body: `${input.signatureName}, for ${link.requester}: ${link.purpose}${input.note ? ` — “${input.note}”` : ""}`,
      href,
    });
    const [requester] = await tx
      .select({ name: members.name, email: members.email })
      .from(members)
      .where(and(eq(members.id, link.requestedById), isNull(members.deactivatedAt)));
    if (requester)
      await queueEmail(tx, {
        workspaceId: link.workspaceId,
        to: requester.email,
        subjectId: link.requestId,
        template: "reference-outcome",
        props: { memberName: requester.name.split(" ")[0] || requester.name, customerName: link.customerName, kindLabel: kindLabel(link.kind), purpose: link.purpose, outcome: status, note: input.note, answeredBy: input.signatureName, link: `${env().APP_URL}${href}` },
      });
    return { status: "recorded" as const, answeredAt: now };
  });
}

/** Tells the requesters of cancelled requests, in the caller's transaction. */
export async function tellRequesters(tx: Executor, cancelled: { id: string; workspaceId: string; programId: string; requestedById: string; customerName: string; kind: Parameters<typeof kindLabel>[0]; purpose: string }[], reason: string) {
  if (cancelled.length === 0) return;
  const requesters = await tx
    .select({ id: members.id, name: members.name, email: members.email })
    .from(members)
    .where(and(inArray(members.id, [...new Set(cancelled.map((c) => c.requestedById))]), isNull(members.deactivatedAt)));
  for (const request of cancelled) {
    const requester = requesters.find((m) => m.id === request.requestedById);
    if (!requester) continue;
    await queueEmail(tx, {
      workspaceId: request.workspaceId,
      to: requester.email,
      subjectId: request.id,
      template: "reference-outcome",
      props: { memberName: requester.name.split(" ")[0] || requester.name, customerName: request.customerName, kindLabel: kindLabel(request.kind), purpose: request.purpose, outcome: "cancelled", note: reason, link: `${env().APP_URL}/programs/${request.programId}/references` },
    });
  }
}
