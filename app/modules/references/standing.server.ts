import { and, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { contacts, customers, programs, signoffs } from "#db/schema";
import { closedRounds } from "~/modules/gates/gates.server";
import { programItClearances } from "~/modules/gates/it-clearance.server";
import { referenceabilityOf, snapshotSignoffIds } from "~/modules/gates/referenceability";
import type { ConsentFlags } from "./kinds";

/** The standing consent a reference use rests on: the buyer's approving decision and what it allows. */
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
    })
    .from(signoffs)
    .innerJoin(contacts, eq(contacts.id, signoffs.contactId))
    .where(and(eq(signoffs.workspaceId, workspaceId), inArray(signoffs.id, signoffIds)));
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
  /** Who is asked to agree to each use: the buyer who gave the consent. */
  buyer: { id: string; name: string; email: string } | null;
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
    const buyerGone = !consent || consent.buyerRemovedAt !== null;
    return {
      customerId: c.id,
      name: c.name,
      segment: c.segment,
      size: c.size,
      status: c.status,
      referenceable: result.referenceable,
      reason: result.reason,
      signoffId: result.signoffId,
      buyer: buyerGone ? null : { id: consent.contactId, name: consent.buyerName, email: consent.buyerEmail },
      consent: consent ? { consentNameLogo: consent.consentNameLogo, consentCaseStudy: consent.consentCaseStudy, consentReferenceCalls: consent.consentReferenceCalls } : noConsent,
    };
  });
}
