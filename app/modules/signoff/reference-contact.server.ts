import { and, eq, isNull } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { contacts, customers } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { contactRoles } from "~/modules/customers/customers.schema";
import { clock } from "~/utils/clock.server";

type Named = { name: string; email: string };

/** The roles besides the reference contact's: without any of them, losing it leaves a person with none. */
const otherRoles = contactRoles.filter((role): role is Exclude<(typeof contactRoles)[number], "isReferenceContact"> => role !== "isReferenceContact");
type Signing = { workspaceId: string; programId: string; customerId: string; buyerContactId: string; buyerEmail: string };

/**
 * Makes the colleague a consenting buyer named the customer's reference contact (asked about each
 * reference use in the buyer's place): an existing contact with that email gains the role, or a new
 * contact is added with it; whoever held it before loses it. The audit says the buyer did it.
 * Nothing happens when nobody was named or the buyer named themselves. Runs under the sign-off's
 * locks; returns the contact's id.
 */
export async function nameReferenceContact(tx: Transaction, signing: Signing, named: Named | null, origin: RequestOrigin): Promise<string | null> {
  if (!named || named.email === signing.buyerEmail.toLowerCase()) return null;
  const actor = { type: "buyer" as const, contactId: signing.buyerContactId, ...origin };
  const now = clock.now();
  // The customer's contacts are changed under its row lock, as a member's contact edits are.
  await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, signing.customerId)).for("update");
  const active = and(eq(contacts.customerId, signing.customerId), isNull(contacts.removedAt));
  const [existing] = await tx.select({ id: contacts.id, isReferenceContact: contacts.isReferenceContact }).from(contacts).where(and(active, eq(contacts.email, named.email)));
  if (existing?.isReferenceContact) return existing.id;
  const [previous] = await tx
    .select({ id: contacts.id, name: contacts.name, email: contacts.email, isBuyer: contacts.isBuyer, isUser: contacts.isUser, isChampion: contacts.isChampion, isGatekeeper: contacts.isGatekeeper })
    .from(contacts)
    .where(and(active, eq(contacts.isReferenceContact, true)));
  if (previous) {
    // Someone who was only the reference contact has no role left, so leaves the unit.
    const onlyRole = !otherRoles.some((role) => previous[role]);
    await tx.update(contacts).set(onlyRole ? { removedAt: now } : { isReferenceContact: false, updatedAt: now }).where(eq(contacts.id, previous.id));
    await recordAudit(tx, actor, {
      workspaceId: signing.workspaceId,
      action: onlyRole ? "contact.removed" : "contact.updated",
      programId: signing.programId,
      customerId: signing.customerId,
      subjectId: previous.id,
      details: { name: previous.name, email: previous.email, isReferenceContact: false, via: "buyer" },
    });
  }

  if (existing) {
    await tx.update(contacts).set({ isReferenceContact: true, updatedAt: now }).where(eq(contacts.id, existing.id));
    await recordAudit(tx, actor, { workspaceId: signing.workspaceId, action: "contact.updated", programId: signing.programId, customerId: signing.customerId, subjectId: existing.id, details: { name: named.name, email: named.email, isReferenceContact: true, via: "buyer" } });
    return existing.id;
  }
  const [added] = await tx
    .insert(contacts)
    .values({ workspaceId: signing.workspaceId, customerId: signing.customerId, name: named.name, email: named.email, isReferenceContact: true, createdAt: now, updatedAt: now })
    .returning({ id: contacts.id });
  await recordAudit(tx, actor, { workspaceId: signing.workspaceId, action: "contact.added", programId: signing.programId, customerId: signing.customerId, subjectId: added.id, details: { name: named.name, email: named.email, isReferenceContact: true, via: "buyer" } });
  return added.id;
}
