import { describe, expect, it } from "vitest";
import { isCleared, standingClearance, type ClearanceRecord } from "~/modules/gates/clearance";

const at = { customerId: "c1", briefVersionId: "v2", enrolledAt: new Date("2026-01-01") };
const rec = (over: Partial<ClearanceRecord>): ClearanceRecord => ({
  clearanceId: "x",
  customerId: "c1",
  contactId: "g1",
  briefVersionId: "v2",
  version: 2,
  decision: "cleared",
  conditions: "",
  vetoReason: null,
  decidedAt: new Date("2026-02-01"),
  requestSuperseded: false,
  stillGatekeeper: true,
  ...over,
});

describe("standingClearance", () => {
  it("is the latest decision on the current brief version", () => {
    const veto = rec({ clearanceId: "a", decision: "veto", vetoReason: "no SAML", decidedAt: new Date("2026-02-01") });
    const cleared = rec({ clearanceId: "b", decision: "cleared", decidedAt: new Date("2026-02-03") });
    expect(standingClearance([cleared, veto], at)?.clearanceId).toBe("b");
    expect(isCleared(standingClearance([veto], at))).toBe(false);
  });

  it("ends with a new version of the brief: a veto on version 1 does not stand against version 2", () => {
    expect(standingClearance([rec({ briefVersionId: "v1", decision: "veto", vetoReason: "no SAML" })], at)).toBeNull();
  });

  it("ignores superseded requests, removed gatekeepers, other customers and decisions before re-enrolment", () => {
    expect(standingClearance([rec({ requestSuperseded: true })], at)).toBeNull();
    expect(standingClearance([rec({ stillGatekeeper: false })], at)).toBeNull();
    expect(standingClearance([rec({ customerId: "c2" })], at)).toBeNull();
    expect(standingClearance([rec({ decidedAt: new Date("2025-12-31") })], at)).toBeNull();
  });

  it("needs a brief", () => {
    expect(standingClearance([rec({})], { ...at, briefVersionId: null })).toBeNull();
  });

  it("counts cleared with conditions as cleared", () => {
    expect(isCleared(rec({ decision: "cleared_with_conditions", conditions: "SSO by March" }))).toBe(true);
    expect(isCleared(null)).toBe(false);
  });
});
