/**
 * A customer's IT clearance as readiness, the gate panel and the buyer's page read it (PRODUCT.md,
 * "The gatekeeper's review"). Pure: the records come from `programClearances`, the facts from
 * `customerBriefFacts` (it-clearance.server.ts).
 */
import { standingClearance, type ClearanceRecord } from "./clearance";

export type ItClearanceState = "cleared" | "cleared_with_conditions" | "veto" | "not_answered" | "brief_changed" | "not_sent" | "no_brief" | "no_gatekeeper";

export type BriefFacts = {
  customerId: string;
  enrolledAt: Date;
  /** The current version of the customer's technical brief, if it has one. */
  briefVersionId: string | null;
  gatekeepers: number;
  /** A request on the current version is out and not superseded. */
  liveRequest: boolean;
};

export type ItClearance = {
  state: ItClearanceState;
  cleared: boolean;
  /** For the PM: "veto — “no SAML support”", "IT review not answered", … */
  reason: string;
  /** The decision that stands, for the dossier and the exports. */
  standing: ClearanceRecord | null;
};

/** The standing clearance in words, and why there is none. */
export function itClearanceOf(records: ClearanceRecord[], facts: BriefFacts): ItClearance {
  const standing = standingClearance(records, facts);
  if (standing?.decision === "cleared") return { state: "cleared", cleared: true, reason: `IT cleared brief version ${standing.version}`, standing };
  if (standing?.decision === "cleared_with_conditions")
    return { state: "cleared_with_conditions", cleared: true, reason: `IT cleared brief version ${standing.version} with conditions: “${standing.conditions}”`, standing };
  if (standing) return { state: "veto", cleared: false, reason: `veto — “${standing.vetoReason ?? ""}”`, standing };
  const none = (state: ItClearanceState, reason: string): ItClearance => ({ state, cleared: false, reason, standing: null });
  if (facts.gatekeepers === 0) return none("no_gatekeeper", "no gatekeeper");
  if (!facts.briefVersionId) return none("no_brief", "no technical brief");
  // A decision on an earlier version of the brief no longer stands: the PM should know why.
  const earlier = records.some((r) => r.customerId === facts.customerId && r.briefVersionId !== facts.briefVersionId && r.decidedAt >= facts.enrolledAt);
  if (earlier) return none("brief_changed", "the brief changed since the clearance");
  if (facts.liveRequest) return none("not_answered", "IT review not answered");
  return none("not_sent", "IT review not requested");
}

/** The state in a buyer's words: never the gatekeeper's notes, marks or reasons. */
export function itClearanceForBuyer(state: ItClearanceState): string {
  switch (state) {
    case "cleared":
      return "cleared";
    case "cleared_with_conditions":
      return "cleared with conditions";
    case "veto":
      return "veto";
    case "not_answered":
      return "under review";
    default:
      return "not reviewed";
  }
}

/** Short labels for tables (gate panel, CSV). */
export const itClearanceLabel: Record<ItClearanceState, string> = {
  cleared: "Cleared",
  cleared_with_conditions: "Cleared with conditions",
  veto: "Veto",
  not_answered: "Under review",
  brief_changed: "Brief changed",
  not_sent: "Not requested",
  no_brief: "No brief",
  no_gatekeeper: "No gatekeeper",
};
