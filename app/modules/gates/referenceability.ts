import { referenceability, type Referenceability } from "./evaluate";
import type { GateSnapshot } from "./gates.server";
import type { ItClearance } from "./it-clearance";

/** Each customer's referenceability, read the one way (dashboard, close preview, webhooks). */

export type Snapshotted = { id: string; programId: string; number: number; gateSnapshot: unknown };
export type Consent = { signoffId: string; referenceConsent: boolean; consentWithdrawnAt: Date | null };

/**
 * Each customer's referenceability from the latest closed round's snapshot and the live consent of
 * the decision that passed its valuable test there (which may come from an earlier round); and,
 * when the program asks for IT clearance (`clearances` not null), the clearance that stands now.
 */
export function referenceabilityOf(
  customer: { id: string; status: "enrolled" | "active" | "withdrawn" },
  latest: Snapshotted | undefined,
  consents: Consent[],
  clearances: Map<string, ItClearance> | null = null,
): Referenceability & { signoffId: string | null } {
  const snapshot = latest?.gateSnapshot as GateSnapshot | undefined;
  const entry = snapshot?.customers.find((c) => c.customerId === customer.id);
  const signoffId = entry?.valuable.signoffId ?? null;
  const consent = signoffId ? consents.find((c) => c.signoffId === signoffId) : undefined;
  const result = referenceability({
    status: customer.status,
    latestClosed: latest
      ? entry
        ? { number: latest.number, usablePass: entry.usable.state === "pass", valuablePass: entry.valuable.state === "approved", usableReason: entry.usable.reasons.join(", "), valuableReason: entry.valuable.reason }
        : { number: latest.number, usablePass: false, valuablePass: false, usableReason: "did not take part in this round", valuableReason: "did not take part in this round" }
      : null,
    consent: consent ? { given: consent.referenceConsent, withdrawn: !!consent.consentWithdrawnAt } : null,
    // A customer the clearance read does not know (enrolled since) has no brief and no gatekeeper.
    itClearance: clearances ? (clearances.get(customer.id) ?? { cleared: false, reason: "no gatekeeper" }) : null,
  });
  return { ...result, signoffId: result.referenceable ? signoffId : null };
}

/** The approving decisions a stored gate names (readiness reads their consent). */
export function snapshotSignoffIds(snapshot: unknown) {
  return ((snapshot as GateSnapshot | null)?.customers ?? []).flatMap((c) => (c.valuable.signoffId ? [c.valuable.signoffId] : []));
}
