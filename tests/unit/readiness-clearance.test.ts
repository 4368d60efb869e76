import { describe, expect, it } from "vitest";
import type { ClearanceRecord } from "~/modules/gates/clearance";
import { readinessHeadline, referenceability } from "~/modules/gates/evaluate";
import { itClearanceForBuyer, itClearanceOf, type BriefFacts } from "~/modules/gates/it-clearance";
import { reachOf } from "~/modules/gates/matrix";

const facts: BriefFacts = { customerId: "c1", enrolledAt: new Date("2026-01-01"), briefVersionId: "v1", gatekeepers: 1, liveRequest: true };
const rec = (over: Partial<ClearanceRecord>): ClearanceRecord => ({
  clearanceId: "x",
  customerId: "c1",
  contactId: "g1",
  briefVersionId: "v1",
  version: 1,
  decision: "cleared",
  conditions: "",
  vetoReason: null,
  decidedAt: new Date("2026-02-01"),
  requestSuperseded: false,
  stillGatekeeper: true,
  ...over,
});

const passed = { number: 2, usablePass: true, valuablePass: true, usableReason: "", valuableReason: "" };
const consented = { given: true, withdrawn: false };
const readiness = (records: ClearanceRecord[], f: BriefFacts = facts, required = true) =>
  referenceability({ status: "active", latestClosed: passed, consent: consented, itClearance: required ? itClearanceOf(records, f) : null });

describe("IT clearance as readiness reads it", () => {
  it("with the setting off, nothing about readiness changes", () => {
    const veto = rec({ decision: "veto", vetoReason: "no SAML support" });
    expect(readiness([veto], facts, false)).toEqual({ referenceable: true, reason: "passed both tests in round 2; buyer agreed to be a reference" });
    expect(referenceability({ status: "active", latestClosed: passed, consent: consented })).toEqual(readiness([veto], facts, false));
  });

  it("with the setting on, a veto blocks on IT with its reason", () => {
    expect(readiness([rec({ decision: "veto", vetoReason: "no SAML support" })])).toEqual({ referenceable: false, blockedOn: "it", reason: "blocked on IT: veto — “no SAML support”" });
  });

  it("veto, then a new brief version, then cleared: blocked, the brief changed, referenceable", () => {
    const veto = rec({ clearanceId: "a", decision: "veto", vetoReason: "no SAML support", decidedAt: new Date("2026-02-01") });
    expect(readiness([veto])).toMatchObject({ blockedOn: "it" });
    // The PM revised the brief: version 2 is current and the veto's request was superseded.
    const v2 = { ...facts, briefVersionId: "v2" };
    const superseded = { ...veto, requestSuperseded: true };
    expect(readiness([superseded], v2)).toEqual({ referenceable: false, blockedOn: "it", reason: "blocked on IT: the brief changed since the clearance" });
    const cleared = rec({ clearanceId: "b", briefVersionId: "v2", version: 2, decision: "cleared", decidedAt: new Date("2026-02-05") });
    expect(readiness([superseded, cleared], v2)).toEqual({ referenceable: true, reason: "passed both tests in round 2; buyer agreed to be a reference; IT cleared brief version 2" });
  });

  it("cleared with conditions counts as cleared and names the conditions", () => {
    const withConditions = itClearanceOf([rec({ decision: "cleared_with_conditions", conditions: "SSO before go-live" })], facts);
    expect(withConditions).toMatchObject({ state: "cleared_with_conditions", cleared: true, reason: "IT cleared brief version 1 with conditions: “SSO before go-live”" });
    expect(readiness([rec({ decision: "cleared_with_conditions", conditions: "SSO before go-live" })]).referenceable).toBe(true);
  });

  it("a superseded request or a removed gatekeeper leaves no clearance standing", () => {
    expect(itClearanceOf([rec({ requestSuperseded: true })], { ...facts, liveRequest: false })).toMatchObject({ state: "not_sent", cleared: false });
    expect(itClearanceOf([rec({ stillGatekeeper: false })], facts)).toMatchObject({ state: "not_answered", reason: "IT review not answered" });
  });

  it("no gatekeeper, no brief, not asked, not answered: each says so", () => {
    expect(readiness([], { ...facts, gatekeepers: 0 })).toEqual({ referenceable: false, blockedOn: "it", reason: "blocked on IT: no gatekeeper" });
    expect(itClearanceOf([], { ...facts, briefVersionId: null }).reason).toBe("no technical brief");
    expect(itClearanceOf([], { ...facts, liveRequest: false }).reason).toBe("IT review not requested");
    expect(itClearanceOf([], facts).reason).toBe("IT review not answered");
  });

  it("is named with every other reason, and blocks on IT only when IT is all that is missing", () => {
    const veto = itClearanceOf([rec({ decision: "veto", vetoReason: "no SAML support" })], facts);
    expect(referenceability({ status: "active", latestClosed: { ...passed, usablePass: false, usableReason: "SUS 61 < 68" }, consent: consented, itClearance: veto })).toEqual({
      referenceable: false,
      blockedOn: "usability",
      reason: "round 2 usable test: SUS 61 < 68; blocked on IT: veto — “no SAML support”",
    });
    expect(referenceability({ status: "active", latestClosed: passed, consent: null, itClearance: veto })).toMatchObject({ blockedOn: "consent", reason: "the buyer did not agree to be a reference; blocked on IT: veto — “no SAML support”" });
    // Not active or no closed round: the clearance does not matter yet.
    expect(referenceability({ status: "enrolled", latestClosed: passed, consent: consented, itClearance: veto })).toMatchObject({ blockedOn: "not_active" });
  });

  it("the headline counts customers blocked on IT", () => {
    const ok = readiness([rec({})]);
    const vetoed = readiness([rec({ decision: "veto", vetoReason: "no" })]);
    const none = readiness([], { ...facts, gatekeepers: 0 });
    expect(readinessHeadline(6, [ok, ok, ok, vetoed, none])).toBe("3 of 6 referenceable — 2 blocked on IT");
    const noValue = referenceability({ status: "active", latestClosed: { ...passed, valuablePass: false }, consent: null });
    expect(readinessHeadline(6, [ok, noValue, vetoed])).toBe("1 of 6 referenceable — 1 blocked on value, 1 on IT");
  });

  it("tells the buyer the state in words, never the reasons", () => {
    expect(itClearanceForBuyer(itClearanceOf([rec({ decision: "veto", vetoReason: "no SAML support" })], facts).state)).toBe("veto");
    expect(itClearanceForBuyer(itClearanceOf([rec({ decision: "cleared_with_conditions", conditions: "x" })], facts).state)).toBe("cleared with conditions");
    expect(itClearanceForBuyer(itClearanceOf([], facts).state)).toBe("under review");
    expect(itClearanceForBuyer(itClearanceOf([], { ...facts, gatekeepers: 0 }).state)).toBe("not reviewed");
    expect(itClearanceForBuyer("cleared")).toBe("cleared");
  });
});

describe("requirement reach", () => {
  it("tells one customer's requirement from a market-wide one", () => {
    expect(reachOf(0, 6)).toBe("none");
    expect(reachOf(1, 6)).toBe("one_customer");
    expect(reachOf(2, 6)).toBe("several");
    expect(reachOf(3, 6)).toBe("market_wide");
    expect(reachOf(1, 1)).toBe("one_customer");
  });
});
