import { describe, expect, it } from "vitest";
import { CLEARANCE_SETBACKS, describeClearanceEvent } from "~/modules/clearance/history";
import { QUOTE_SETBACKS, describeQuoteEvent } from "~/modules/quotes/history";
import { REFERENCE_SETBACKS, describeReferenceEvent } from "~/modules/references/history";

/** The customer timeline's words for the steps the integration flow does not take, and for old rows. */

const member = (action: string, details: Record<string, unknown> = {}) => ({ action, details, memberName: "Sam PM", contactName: null });
const person = (action: string, contactName: string | null, details: Record<string, unknown> = {}) => ({ action, details, memberName: null, contactName });

describe("reference words", () => {
  it("say a decline with its note, a resend, an admin's override, and a cancellation by consent withdrawn", () => {
    expect(describeReferenceEvent(person("reference.declined", "Dana Buyer", { kind: "call", purpose: "Acme Corp", note: "Not this quarter", signatureName: "D. Buyer" }))).toBe(
      "Dana Buyer declined the reference call for Acme Corp: “Not this quarter”",
    );
    expect(describeReferenceEvent(member("reference.resent", { kind: "case_study", to: "dana@acme.test", name: "Dana Buyer" }))).toBe(
      "Reference request (case study) sent again to Dana Buyer by Sam PM; the earlier links stopped working",
    );
    expect(
      describeReferenceEvent(member("reference.requested", { kind: "call", purpose: "Acme Corp", requester: "Sam PM", contactName: "Dana Buyer", limit: "2 per 90 days", overrideReason: "The CEO asked" })),
    ).toBe("Reference request: call with a prospect for Acme Corp, asked of Dana Buyer by Sam PM; past the limit (2 per 90 days), allowed by an admin: “The CEO asked”");
    expect(describeReferenceEvent(member("reference.requested", { kind: "logo", purpose: "Website", requester: "Sam PM", contactName: "Pat Colleague", namedBy: "Dana Buyer" }))).toBe(
      "Reference request: logo on the website for Website, asked of Pat Colleague (the reference contact Dana Buyer named) by Sam PM",
    );
    expect(describeReferenceEvent(person("reference.cancelled", "Dana Buyer", { kind: "logo", purpose: "Website", reason: "the customer withdrew reference consent" }))).toBe(
      "Reference request (logo on the website for Website) cancelled: “the customer withdrew reference consent”",
    );
  });

  it("read rows written before their details were kept", () => {
    expect(describeReferenceEvent(person("reference.agreed", null, { kind: "logo", signatureName: "Dana Buyer" }))).toBe("Dana Buyer agreed to the logo on the website");
    expect(describeReferenceEvent(member("reference.cancelled", { reason: "Gone" }))).toBe("Reference request (a reference use) cancelled by Sam PM: “Gone”");
    expect(describeReferenceEvent(member("reference.sent", { kind: "call", to: "dana@acme.test" }))).toBe("Reference request (call with a prospect) emailed to dana@acme.test");
  });

  it("mark declines and cancellations, not agreements", () => {
    expect([...REFERENCE_SETBACKS].sort()).toEqual(["reference.cancelled", "reference.declined"]);
  });
});

describe("quote words", () => {
  it("say a proposal, a rejection with its note, a withdrawal, a resend and revoked links", () => {
    expect(describeQuoteEvent(member("quote.proposed", { authorName: "Lee User", to: "dana@acme.test", name: "Dana Buyer" }))).toBe(
      "Lee User's comment proposed as a quote by Sam PM; Dana Buyer was asked to approve it for public use",
    );
    expect(describeQuoteEvent(member("quote.proposed", { authorName: "Lee User", to: null }))).toBe("Lee User's comment proposed as a quote by Sam PM; no buyer to approve it yet");
    expect(describeQuoteEvent(person("quote.rejected", "Dana Buyer", { attribution: "Cam, Ops lead", note: "Not before launch" }))).toBe(
      "Dana Buyer rejected the quote for public use (attributed to “Cam, Ops lead”): “Not before launch”",
    );
    expect(describeQuoteEvent(member("quote.withdrawn", { from: "approved", authorName: "Cam Champion" }))).toBe("Cam Champion's quote withdrawn by Sam PM (it was approved for public use)");
    expect(describeQuoteEvent(member("quote.link_resent", { to: "cam@acme.test", name: "Cam Champion", purpose: "give" }))).toBe(
      "Quote link re-sent by Sam PM to Cam Champion, to give the quote; the earlier links stopped working",
    );
    expect(describeQuoteEvent(member("quote.links_revoked", { authorName: "Cam Champion", linksRevoked: 1 }))).toBe("The live link of Cam Champion's quote revoked by Sam PM; the quote is unchanged");
  });

  it("read rows written before their details were kept", () => {
    expect(describeQuoteEvent(member("quote.requested", { to: "cam@acme.test" }))).toBe("Champion quote requested from cam@acme.test by Sam PM");
    expect(describeQuoteEvent(person("quote.approved", null, { signatureName: "Dana Buyer" }))).toBe("Dana Buyer approved the quote for public use");
    expect(describeQuoteEvent(member("quote.links_revoked", { linksRevoked: 2 }))).toBe("2 live links of a quote revoked by Sam PM; the quote is unchanged");
  });

  it("mark rejections and withdrawals, not approvals", () => {
    expect([...QUOTE_SETBACKS].sort()).toEqual(["quote.rejected", "quote.withdrawn"]);
  });
});

describe("IT review words", () => {
  it("say a clearance, one with conditions, a reminder, a re-ask after an edit and a withdrawn request", () => {
    expect(describeClearanceEvent(person("clearance.cleared", "Gail Gatekeeper", { briefVersion: 2, blockers: 0 }))).toBe("IT review cleared by Gail Gatekeeper on brief version 2");
    expect(describeClearanceEvent(person("clearance.cleared_with_conditions", "Gail Gatekeeper", { briefVersion: 3, blockers: 0, conditions: "SSO before go-live" }))).toBe(
      "IT review cleared with conditions by Gail Gatekeeper on brief version 3: “SSO before go-live”",
    );
    expect(describeClearanceEvent({ action: "clearance.reminded", details: { to: "gail@acme.test", name: "Gail Gatekeeper", briefVersion: 3 }, memberName: null, contactName: null })).toBe(
      "IT review reminder sent to Gail Gatekeeper for brief version 3",
    );
    expect(describeClearanceEvent(member("clearance.sent", { to: "gail@acme.test", name: "Gail Gatekeeper", briefVersion: 4, kind: "updated" }))).toBe(
      "IT review sent to Gail Gatekeeper for brief version 4 by Sam PM (the brief changed)",
    );
    expect(describeClearanceEvent(member("clearance.revoked", { name: "Gail Gatekeeper", briefVersion: 2 }))).toBe("IT review request to Gail Gatekeeper for brief version 2 withdrawn by Sam PM; its links stopped working");
    expect(describeClearanceEvent(member("clearance.revoked"))).toBe("IT review request withdrawn by Sam PM; its links stopped working");
  });

  it("read a veto written before its reason was kept", () => {
    expect(describeClearanceEvent(person("clearance.veto", "Gail Gatekeeper", { briefVersion: 1, blockers: 2 }))).toBe("IT veto — Gail Gatekeeper on brief version 1; 2 requirements marked blocker");
  });

  it("mark vetoes and withdrawn requests, not clearances", () => {
    expect([...CLEARANCE_SETBACKS].sort()).toEqual(["clearance.revoked", "clearance.veto"]);
  });
});
