import type { referenceKind } from "#db/schema";

export type ReferenceKind = (typeof referenceKind.enumValues)[number];

/** The uses of a reference a member may ask for, in the order the form offers them. */
export const referenceKinds: { kind: ReferenceKind; label: string; asked: string }[] = [
  { kind: "call", label: "Call with a prospect", asked: "take a call with a prospect" },
  { kind: "case_study", label: "Case study", asked: "take part in a published case study" },
  { kind: "logo", label: "Logo on the website", asked: "show your logo on the website" },
  { kind: "press_quote", label: "Press quote", asked: "be quoted, with your name, in the press" },
  { kind: "analyst_briefing", label: "Analyst briefing", asked: "speak with an industry analyst" },
];

export const kindLabel = (kind: ReferenceKind) => referenceKinds.find((k) => k.kind === kind)?.label ?? kind;
export const kindAsked = (kind: ReferenceKind) => referenceKinds.find((k) => k.kind === kind)?.asked ?? kind;

export type ConsentFlags = { consentNameLogo: boolean; consentCaseStudy: boolean; consentReferenceCalls: boolean };

/**
 * Which consent of the buyer's sign-off each kind needs. Conversations (a prospect's call, an
 * analyst's briefing) need "reference calls"; anything that names the customer in public (the logo,
 * a press quote) needs "name and logo"; a case study needs "a case study".
 */
export const consentFor: Record<ReferenceKind, keyof ConsentFlags> = {
  call: "consentReferenceCalls",
  analyst_briefing: "consentReferenceCalls",
  case_study: "consentCaseStudy",
  logo: "consentNameLogo",
  press_quote: "consentNameLogo",
};

/** The kinds the buyer's consent allows. */
export const allowedKinds = (consent: ConsentFlags) => referenceKinds.map((k) => k.kind).filter((kind) => consent[consentFor[kind]]);
