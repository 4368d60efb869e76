/**
 * The gate (PRODUCT.md, "The gate" and "Launch readiness"): evidence in, states and reasons out.
 * Pure; the numbers come from SQL aggregates in the channel modules.
 */
import { usableVerdict, type UsableEvidence, type UsableThresholds, type UsableVerdict } from "~/modules/feedback/usability";

export type ValuableState = "approved" | "declined" | "pending" | "not_sent" | "superseded" | "expired";
export type Quadrant = "ready" | "candy" | "vegetables" | "neither";

/** A buyer's decision anywhere in the program, as the carried-approval rule reads it. */
export type DecisionRecord = {
  signoffId: string;
  customerId: string;
  contactId: string;
  caseVersionId: string;
  version: number;
  decision: "approve" | "decline";
  declineReason: string | null;
  decidedAt: Date;
  roundId: string;
  roundNumber: number;
  /** Its request was superseded (the case changed in that round, or the buyer was removed). */
  requestSuperseded: boolean;
};

/**
 * The decision that stands for a customer in a round (PRODUCT.md, "Across rounds"): the latest one
 * by the customer's current buyer on the current version of its case, made since the customer's
 * latest enrolment, in this round or an earlier one — or in this round only when the program asks
 * buyers to re-confirm every round. An edit makes a new version, so it ends every earlier decision.
 */
export function standingDecision(
  decisions: DecisionRecord[],
  at: { roundId: string; roundNumber: number; customerId: string; caseVersionId: string | null; buyerId: string | null; enrolledAt: Date; reconfirmEveryRound: boolean },
): DecisionRecord | null {
  if (!at.caseVersionId || !at.buyerId) return null;
  let standing: DecisionRecord | null = null;
  for (const d of decisions) {
    if (d.customerId !== at.customerId || d.contactId !== at.buyerId || d.caseVersionId !== at.caseVersionId) continue;
    if (d.requestSuperseded || d.decidedAt < at.enrolledAt || d.roundNumber > at.roundNumber) continue;
    if (at.reconfirmEveryRound && d.roundId !== at.roundId) continue;
    if (!standing || d.decidedAt > standing.decidedAt) standing = d;
  }
  return standing;
}

export type ValuableEvidence = {
  /** This round's live (not superseded) request, if any, while it awaits a decision. */
  live: { expired: boolean; requestVersion: number | null } | null;
  /** The decision that stands (standingDecision), and whether it was made in an earlier round. */
  standing: { decision: "approve" | "decline"; version: number; roundNumber: number; carried: boolean; signoffId: string; declineReason?: string | null } | null;
  /** How many of this round's requests were superseded by a newer case version. */
  superseded: number;
  caseVersion: number | null;
  hasBuyer: boolean;
};

export type ValuableVerdict = {
  state: ValuableState;
  reason: string;
  /** The approving decision when the test passes: readiness, the dossier and the certificate read consent from it. */
  signoffId?: string | null;
};

export function valuableVerdict(v: ValuableEvidence): ValuableVerdict {
  const s = v.standing;
  if (s && !s.carried) {
    if (s.decision === "approve") return { state: "approved", reason: `buyer approved the case (version ${s.version})`, signoffId: s.signoffId };
    return { state: "declined", reason: s.declineReason ? `buyer declined: “${s.declineReason}”` : "buyer declined" };
  }
  // An approval stands until what it approved changes; asking again does not void it.
  if (s?.decision === "approve") return { state: "approved", reason: `approved version ${s.version} in round ${s.roundNumber} — still current`, signoffId: s.signoffId };
  if (v.live) {
    const version = v.live.requestVersion ? ` (version ${v.live.requestVersion})` : "";
    if (v.live.expired) return { state: "expired", reason: "no decision before the link expired or the round closed" };
    return { state: "pending", reason: `waiting for the buyer's decision${version}` };
  }
  if (s) return { state: "declined", reason: `declined version ${s.version} in round ${s.roundNumber}${s.declineReason ? `: “${s.declineReason}”` : ""} — still current` };
  if (v.superseded > 0) return { state: "superseded", reason: "the case changed; the buyer has not been asked about the current version" };
  if (!v.hasBuyer) return { state: "not_sent", reason: "no economic buyer" };
  if (!v.caseVersion) return { state: "not_sent", reason: "no business case" };
  return { state: "not_sent", reason: "sign-off request not sent" };
}

export function quadrantOf(usablePass: boolean, valuablePass: boolean): Quadrant {
  if (usablePass && valuablePass) return "ready";
  if (usablePass) return "candy";
  if (valuablePass) return "vegetables";
  return "neither";
}

export type CustomerEvaluation = {
  customerId: string;
  name: string;
  usable: UsableVerdict;
  valuable: ValuableVerdict;
  quadrant: Quadrant;
  passesBoth: boolean;
};

export function evaluateCustomer(input: { customerId: string; name: string; usable: UsableEvidence; thresholds: UsableThresholds; valuable: ValuableEvidence }): CustomerEvaluation {
  const usable = usableVerdict(input.usable, input.thresholds);
  const valuable = valuableVerdict(input.valuable);
  const usablePass = usable.state === "pass";
  const valuablePass = valuable.state === "approved";
  return { customerId: input.customerId, name: input.name, usable, valuable, quadrant: quadrantOf(usablePass, valuablePass), passesBoth: usablePass && valuablePass };
}

export type GateResult = {
  target: number;
  passing: number;
  canPass: boolean;
  /** Customers not passing both, with what is missing in numbers. */
  missing: { customerId: string; name: string; reasons: string[] }[];
  summary: string;
};

/** A round passes the gate when at least the target number of customers pass both tests. */
export function evaluateGate(target: number, customers: CustomerEvaluation[]): GateResult {
  const passing = customers.filter((c) => c.passesBoth).length;
  const missing = customers
    .filter((c) => !c.passesBoth)
    .map((c) => ({
      customerId: c.customerId,
      name: c.name,
      reasons: [
        ...(c.usable.state === "pass" ? [] : [`usable: ${c.usable.state === "not_enough_data" ? "not enough data, " : ""}${c.usable.reasons.join(", ")}`]),
        ...(c.valuable.state === "approved" ? [] : [`valuable: ${c.valuable.reason}`]),
      ],
    }));
  const canPass = passing >= target;
  const summary = canPass
    ? `${passing} of ${target} customers pass both tests: the round can close as passed.`
    : `${passing} of ${target} customers pass both tests: ${target - passing} more needed to close as passed.`;
  return { target, passing, canPass, missing, summary };
}

export type ReferenceBlock = "both" | "usability" | "value" | "consent" | "it" | "not_active" | "no_closed_round";

export type Referenceability = { referenceable: true; reason: string } | { referenceable: false; blockedOn: ReferenceBlock; reason: string };

/**
 * Referenceable: active, passed both tests in the latest closed round, and its buyer consented to
 * be a reference (not withdrawn since) — and, when the program asks for it (`itClearance` given),
 * its gatekeeper cleared the product. `blockedOn` names the first thing missing; the reason names
 * every one, so the PM works on all of them.
 */
export function referenceability(input: {
  status: "enrolled" | "active" | "withdrawn";
  latestClosed: { number: number; usablePass: boolean; valuablePass: boolean; usableReason: string; valuableReason: string } | null;
  consent: { given: boolean; withdrawn: boolean } | null;
  /** Null when the program does not need IT clearance (its setting is off). */
  itClearance?: { cleared: boolean; reason: string } | null;
}): Referenceability {
  if (input.status !== "active") return { referenceable: false, blockedOn: "not_active", reason: input.status === "withdrawn" ? "withdrew from the program" : "not active yet" };
  const round = input.latestClosed;
  if (!round) return { referenceable: false, blockedOn: "no_closed_round", reason: "no round has closed yet" };
  const it = input.itClearance;
  const itMissing = it && !it.cleared ? `blocked on IT: ${it.reason}` : null;
  const andIt = itMissing ? `; ${itMissing}` : "";
  const consentMissing = !input.consent?.given ? "the buyer did not agree to be a reference" : input.consent.withdrawn ? "the buyer withdrew reference consent" : null;
  // Consent comes with an approval, so it is worth naming only when the valuable test passed.
  const andConsent = round.valuablePass && consentMissing ? `; ${consentMissing}` : "";
  if (!round.usablePass && !round.valuablePass)
    return { referenceable: false, blockedOn: "both", reason: `round ${round.number} usable test: ${round.usableReason}; valuable test: ${round.valuableReason}${andIt}` };
  if (!round.usablePass) return { referenceable: false, blockedOn: "usability", reason: `round ${round.number} usable test: ${round.usableReason}${andConsent}${andIt}` };
  if (!round.valuablePass) return { referenceable: false, blockedOn: "value", reason: `round ${round.number} valuable test: ${round.valuableReason}${andIt}` };
  if (consentMissing) return { referenceable: false, blockedOn: "consent", reason: `${consentMissing}${andIt}` };
  if (itMissing) return { referenceable: false, blockedOn: "it", reason: itMissing };
  return { referenceable: true, reason: `passed both tests in round ${round.number}; buyer agreed to be a reference${it ? `; ${it.reason}` : ""}` };
}

/** "4 of 6 referenceable — 1 blocked on both tests, 1 on value, 1 on usability". */
export function readinessHeadline(target: number, results: Referenceability[]): string {
  const count = results.filter((r) => r.referenceable).length;
  const blocked = new Map<string, number>();
  for (const r of results) if (!r.referenceable) blocked.set(r.blockedOn, (blocked.get(r.blockedOn) ?? 0) + 1);
  const words = { both: "both tests", value: "value", usability: "usability", consent: "consent", it: "IT" } as const;
  const blockers = (["both", "value", "usability", "consent", "it"] as const).filter((k) => blocked.get(k)).map((k, i) => `${blocked.get(k)} ${i === 0 ? "blocked on " : "on "}${words[k]}`);
  const waiting = [
    ...(blocked.get("no_closed_round") ? [`${blocked.get("no_closed_round")} waiting for a round to close`] : []),
    ...(blocked.get("not_active") ? [`${blocked.get("not_active")} not active yet`] : []),
  ];
  const parts = [...blockers, ...waiting];
  return `${count} of ${target} referenceable${parts.length ? ` — ${parts.join(", ")}` : ""}`;
}
