import { referenceability, type Referenceability } from "./evaluate";
import type { GateSnapshot } from "./gates.server";

/** Each customer's referenceability, read the one way (dashboard, close preview, webhooks). */

export type Snapshotted = { id: string; programId: string; number: number; gateSnapshot: unknown };
export type Consent = { roundId: string; customerId: string; signoffId: string; referenceConsent: boolean; consentWithdrawnAt: Date | null };

/** Each customer's referenceability from the latest closed round's snapshot and live consent. */
export function referenceabilityOf(customer: { id: string; status: "enrolled" | "active" | "withdrawn" }, latest: Snapshotted | undefined, consents: Consent[]): Referenceability & { signoffId: string | null } {
  const snapshot = latest?.gateSnapshot as GateSnapshot | undefined;
  const entry = snapshot?.customers.find((c) => c.customerId === customer.id);
  const consent = latest ? consents.find((c) => c.roundId === latest.id && c.customerId === customer.id) : undefined;
  const result = referenceability({
    status: customer.status,
    latestClosed: latest
      ? entry
        ? { number: latest.number, usablePass: entry.usable.state === "pass", valuablePass: entry.valuable.state === "approved", usableReason: entry.usable.reasons.join(", "), valuableReason: entry.valuable.reason }
        : { number: latest.number, usablePass: false, valuablePass: false, usableReason: "did not take part in this round", valuableReason: "did not take part in this round" }
      : null,
    consent: consent ? { given: consent.referenceConsent, withdrawn: !!consent.consentWithdrawnAt } : null,
  });
  return { ...result, signoffId: result.referenceable ? (consent?.signoffId ?? null) : null };
}
