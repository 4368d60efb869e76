import { detailText as text, quoted, type HistoryEvent } from "~/modules/audit/history";

/**
 * The audit actions of the gatekeeper's review, as the customer's timeline lists them. "Opened" is
 * kept: it is written once per request (a unique index), so it cannot flood the timeline.
 */
export const CLEARANCE_ACTIONS = [
  "tech_brief.saved",
  "clearance.sent",
  "clearance.reminded",
  "clearance.opened",
  "clearance.revoked",
  "clearance.cleared",
  "clearance.cleared_with_conditions",
  "clearance.veto",
] as const;

/** The ones the timeline marks in amber: a veto, a request withdrawn. */
export const CLEARANCE_SETBACKS: readonly string[] = ["clearance.veto", "clearance.revoked"];

/** A review audit row in words: "IT review sent to Gate Keeper for brief version 3 by Ada Admin". */
export function describeClearanceEvent({ action, details: d, memberName, contactName }: HistoryEvent): string {
  const by = memberName ? ` by ${memberName}` : "";
  const version = typeof d.briefVersion === "number" ? ` for brief version ${d.briefVersion}` : "";
  const onVersion = typeof d.briefVersion === "number" ? ` on brief version ${d.briefVersion}` : "";
  const gatekeeper = contactName || text(d.signatureName) || "the gatekeeper";
  const blockers = typeof d.blockers === "number" && d.blockers > 0 ? `; ${d.blockers} requirement${d.blockers > 1 ? "s" : ""} marked blocker` : "";
  switch (action) {
    case "tech_brief.saved":
      return `Technical brief saved as version ${String(d.version ?? "?")}${by}`;
    case "clearance.sent":
      return `IT review sent to ${text(d.name) || text(d.to) || "the gatekeeper"}${version}${by}${d.kind === "updated" ? " (the brief changed)" : ""}`;
    case "clearance.reminded":
      return `IT review reminder sent to ${text(d.name) || text(d.to) || "the gatekeeper"}${version}${by}`;
    case "clearance.opened":
      return `${contactName ?? "The gatekeeper"} opened the IT review link`;
    case "clearance.revoked":
      return `IT review request${text(d.name) ? ` to ${text(d.name)}` : ""}${version} withdrawn${by}; its links stopped working`;
    case "clearance.cleared":
      return `IT review cleared by ${gatekeeper}${onVersion}${blockers}`;
    case "clearance.cleared_with_conditions":
      return `IT review cleared with conditions by ${gatekeeper}${onVersion}${quoted(d.conditions)}${blockers}`;
    case "clearance.veto":
      return `IT veto${quoted(d.vetoReason)} — ${gatekeeper}${onVersion}${blockers}`;
    default:
      return action;
  }
}
