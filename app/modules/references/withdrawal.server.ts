import { and, eq, isNull, inArray } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { customers, referenceLinks, referenceRequests } from "#db/schema";
import { recordAudit, type AuditActor } from "~/modules/audit/audit.server";
import { clock } from "~/utils/clock.server";
import { tellRequesters } from "./answer.server";
import { kindLabel } from "./kinds";

/**
 * When a customer's reference consent ends, its pending requests are cancelled with the reason,
 * their links end and their requesters are told — in the caller's transaction, so the withdrawal
 * and the cancellations commit together. Takes the customer's row (step 3 of the lock order), which
 * a new request holds while it checks the consent: a request cannot slip in past a withdrawal.
 */
export async function cancelPendingReferences(tx: Transaction, actor: AuditActor, { workspaceId, customerId, reason }: { workspaceId: string; customerId: string; reason: string }) {
  const [customer] = await tx.select({ name: customers.name }).from(customers).where(and(eq(customers.id, customerId), eq(customers.workspaceId, workspaceId))).for("update");
  if (!customer) return 0;
  const now = clock.now();
  const cancelled = await tx
    .update(referenceRequests)
    .set({ status: "cancelled", cancelledAt: now, cancelReason: reason })
    .where(and(eq(referenceRequests.customerId, customerId), eq(referenceRequests.status, "pending")))
    .returning({ id: referenceRequests.id, workspaceId: referenceRequests.workspaceId, programId: referenceRequests.programId, requestedById: referenceRequests.requestedById, kind: referenceRequests.kind, purpose: referenceRequests.purpose });
  if (cancelled.length === 0) return 0;
  const ids = cancelled.map((c) => c.id);
  await tx.update(referenceLinks).set({ revokedAt: now }).where(and(inArray(referenceLinks.requestId, ids), isNull(referenceLinks.revokedAt)));
  for (const request of cancelled)
    await recordAudit(tx, actor, {
      workspaceId,
      action: "reference.cancelled",
      programId: request.programId,
      customerId,
      subjectId: request.id,
      details: { reason, kind: request.kind, purpose: request.purpose, text: `${kindLabel(request.kind)} for ${request.purpose} cancelled: ${reason}` },
    });
  await tellRequesters(tx, cancelled.map((c) => ({ ...c, customerName: customer.name })), reason);
  return cancelled.length;
}
