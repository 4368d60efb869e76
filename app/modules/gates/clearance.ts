/**
 * The gatekeeper's clearance as the gate and readiness read it (PRODUCT.md, "The gatekeeper's
 * review"). Pure; the records come from `programClearances` (clearances.server.ts).
 */

export type ClearanceRecord = {
  clearanceId: string;
  customerId: string;
  contactId: string;
  briefVersionId: string;
  version: number;
  decision: "cleared" | "cleared_with_conditions" | "veto";
  conditions: string;
  vetoReason: string | null;
  decidedAt: Date;
  /** Its request was superseded (the brief changed, or the gatekeeper was removed). */
  requestSuperseded: boolean;
  /** The deciding contact is still one of the customer's gatekeepers. */
  stillGatekeeper: boolean;
};

/**
 * The clearance that stands for a customer: the latest decision by one of its current gatekeepers
 * on the current version of its technical brief, made since the customer's latest enrolment. A
 * clearance stands across rounds while the version it answered is current; an edit ends it.
 */
export function standingClearance(
  records: ClearanceRecord[],
  at: { customerId: string; briefVersionId: string | null; enrolledAt: Date },
): ClearanceRecord | null {
  if (!at.briefVersionId) return null;
  let standing: ClearanceRecord | null = null;
  for (const r of records) {
    if (r.customerId !== at.customerId || r.briefVersionId !== at.briefVersionId) continue;
    if (r.requestSuperseded || !r.stillGatekeeper || r.decidedAt < at.enrolledAt) continue;
    if (!standing || r.decidedAt > standing.decidedAt) standing = r;
  }
  return standing;
}

export const isCleared = (c: ClearanceRecord | null) => c?.decision === "cleared" || c?.decision === "cleared_with_conditions";
