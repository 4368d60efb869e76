import { detailText as text, quoted, type HistoryEvent } from "~/modules/audit/history";
import { kindLabel, referenceKinds, type ReferenceKind } from "./kinds";

/** The audit actions of references in use, as the customer's timeline lists them. */
export const REFERENCE_ACTIONS = ["reference.requested", "reference.sent", "reference.resent", "reference.agreed", "reference.declined", "reference.cancelled"] as const;

/** The ones the timeline marks in amber: a use that will not happen. */
export const REFERENCE_SETBACKS: readonly string[] = ["reference.declined", "reference.cancelled"];

/** The use as a customer agrees to it: "the reference call", "the case study". */
const useNoun: Record<ReferenceKind, string> = {
  call: "the reference call",
  case_study: "the case study",
  logo: "the logo on the website",
  press_quote: "the press quote",
  analyst_briefing: "the analyst briefing",
};

const isKind = (v: unknown): v is ReferenceKind => referenceKinds.some((k) => k.kind === v);
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * A reference audit row in words: "Reference request: call with a prospect for Northwind, asked of
 * Dana Buyer by Sam Sales". Rows written before a detail was kept read without it.
 */
export function describeReferenceEvent({ action, details: d, memberName, contactName }: HistoryEvent): string {
  const kind = isKind(d.kind) ? d.kind : null;
  const what = kind ? lower(kindLabel(kind)) : "a reference use";
  const use = kind ? useNoun[kind] : "the reference use";
  const purpose = text(d.purpose) ? ` for ${text(d.purpose)}` : "";
  const by = memberName ? ` by ${memberName}` : "";
  const person = text(d.name) || text(d.to) || "the customer";
  const answeredBy = contactName || text(d.signatureName) || "The customer";
  switch (action) {
    case "reference.requested": {
      const asked = text(d.contactName) ? `, asked of ${text(d.contactName)}${text(d.namedBy) ? ` (the reference contact ${text(d.namedBy)} named)` : ""}` : "";
      const requester = text(d.requester);
      // The member records the request; the requester (from sales, say) is who wants the use.
      const recorded = memberName && memberName !== requester ? ` (recorded by ${memberName})` : "";
      const limit = text(d.limit) ? ` (${text(d.limit)})` : "";
      const override = text(d.overrideReason) ? `; past the limit${limit}, allowed by an admin: “${text(d.overrideReason)}”` : "";
      return `Reference request: ${what}${purpose}${asked}${requester ? ` by ${requester}` : by}${requester ? recorded : ""}${override}`;
    }
    case "reference.sent":
      return `Reference request (${what}) emailed to ${person}`;
    case "reference.resent":
      return `Reference request (${what}) sent again to ${person}${by}; the earlier links stopped working`;
    case "reference.agreed":
      return `${answeredBy} agreed to ${use}${purpose}${quoted(d.note)}`;
    case "reference.declined":
      return `${answeredBy} declined ${use}${purpose}${quoted(d.note)}`;
    case "reference.cancelled":
      return `Reference request (${what}${purpose}) cancelled${by}${quoted(d.reason)}`;
    default:
      return action;
  }
}
