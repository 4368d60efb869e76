import { and, eq, inArray, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { db, type Executor } from "#db/client";
import { contacts, customers, programs, signoffs } from "#db/schema";
import { closedRounds } from "~/modules/gates/gates.server";
import { programItClearances } from "~/modules/gates/it-clearance.server";
import { referenceabilityOf, snapshotSignoffIds } from "~/modules/gates/referenceability";
import type { ConsentFlags } from "./kinds";

const named = alias(contacts, "named_contact");

/**
 * The standing consent a reference use rests on: the buyer's approving decision, what it allows,
 * and the customer's reference contact, the colleague the buyer named to be asked in their place
 * (at most one is active, so the join adds no rows).
 */
export async function consentRows(executor: Executor, workspaceId: string, signoffIds: string[]) {
  if (signoffIds.length === 0) return [];
  return executor
    .select({
      signoffId: signoffs.id,
      customerId: signoffs.customerId,
      contactId: signoffs.contactId,
      referenceConsent: signoffs.referenceConsent,
      consentWithdrawnAt: signoffs.consentWithdrawnAt,
      consentNameLogo: signoffs.consentNameLogo,
      consentCaseStudy: signoffs.consentCaseStudy,
      consentReferenceCalls: signoffs.consentReferenceCalls,
      buyerName: contacts.name,
      buyerEmail: contacts.email,
      buyerRemovedAt: contacts.removedAt,
      namedId: named.id,
      namedName: named.name,
      namedEmail: named.email,
    })
    .from(signoffs)
    .innerJoin(contacts, eq(contacts.id, signoffs.contactId))
    .leftJoin(named, and(eq(named.customerId, signoffs.customerId), eq(named.isReferenceContact, true), isNull(named.removedAt)))
    .where(and(eq(signoffs.workspaceId, workspaceId), inArray(signoffs.id, signoffIds)));
}

type Person = { id: string; name: string; email: string };
type ConsentRow = Awaited<ReturnType<typeof consentRows>>[number];

/** The consent's buyer (while still a contact of the customer) and the reference contact. */
export function askable(consent: ConsentRow | undefined): { buyer: Person | null; named: Person | null } {
  if (!consent) return { buyer: null, named: null };
  return {
    buyer: consent.buyerRemovedAt === null ? { id: consent.contactId, name: consent.buyerName, email: consent.buyerEmail } : null,
    named: consent.namedId ? { id: consent.namedId, name: consent.namedName!, email: consent.namedEmail! } : null,
  };
}

export type Standing = {
  customerId: string;
  name: string;
  segment: string;
  size: string | null;
  status: "enrolled" | "active" | "withdrawn";
  referenceable: boolean;
  reason: string;
  signoffId: string | null;
  /** The buyer who gave the consent (null when no longer in the customer's unit). */
  buyer: Person | null;
  /** The colleague the buyer named to be asked instead (null: none, or removed since). */
  named: Person | null;
  consent: ConsentFlags;
};

const noConsent: ConsentFlags = { consentNameLogo: false, consentCaseStudy: false, consentReferenceCalls: false };

/**
 * Each customer of a program with its referenceability (read the readiness way, the gatekeeper's
 * clearance included when the program asks for it) and the consent it rests on. Four queries, six
 * with IT clearance, whatever the number of customers.
 */
export async function referenceStandings(workspaceId: string, programId: string): Promise<Standing[]> {
  const [[latest], [program]] = await Promise.all([
    closedRounds(workspaceId, [programId]),
    db().select({ itClearanceRequired: programs.itClearanceRequired }).from(programs).where(and(eq(programs.workspaceId, workspaceId), eq(programs.id, programId))),
  ]);
  const [customerRows, consents, clearances] = await Promise.all([
    db()
      .select({ id: customers.id, name: customers.name, segment: customers.segment, size: customers.size, status: customers.status })
      .from(customers)
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId)))
      .orderBy(customers.name),
    consentRows(db(), workspaceId, snapshotSignoffIds(latest?.gateSnapshot)),
    programItClearances({ workspaceId, programId, required: program?.itClearanceRequired ?? false }),
  ]);
  return customerRows.map((c) => {
    const result = referenceabilityOf(c, latest, consents, clearances);
    const consent = result.referenceable ? consents.find((r) => r.signoffId === result.signoffId) : undefined;
    return {
      customerId: c.id,
      name: c.name,
      segment: c.segment,
      size: c.size,
      status: c.status,
      referenceable: result.referenceable,
      reason: result.reason,
      signoffId: result.signoffId,
      ...askable(consent),
      consent: consent ? { consentNameLogo: consent.consentNameLogo, consentCaseStudy: consent.consentCaseStudy, consentReferenceCalls: consent.consentReferenceCalls } : noConsent,
    };
  });
}
