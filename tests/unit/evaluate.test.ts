import { describe, expect, it } from "vitest";
import type { UsableEvidence } from "~/modules/feedback/usability";
import { evaluateCustomer, evaluateGate, quadrantOf, readinessHeadline, referenceability, valuableVerdict, type ValuableEvidence } from "~/modules/gates/evaluate";

const thresholds = { minResponses: 3, minSus: 68, minTaskCompletion: 0.78 };
const goodUsers = { responses: 3, meanSus: 75, completed: 9, attempts: 10 };
const approved: ValuableEvidence = { live: { decision: "approve", expired: false, requestVersion: 2 }, superseded: 0, caseVersion: 2, hasBuyer: true };

describe("the valuable verdict", () => {
  it("reads the live request first", () => {
    expect(valuableVerdict(approved).state).toBe("approved");
    expect(valuableVerdict({ ...approved, live: { decision: "decline", expired: false, requestVersion: 1 }, declineReason: "Too pricey" })).toEqual({ state: "declined", reason: "buyer declined: “Too pricey”" });
    expect(valuableVerdict({ ...approved, live: { decision: null, expired: false, requestVersion: 2 } }).state).toBe("pending");
    expect(valuableVerdict({ ...approved, live: { decision: null, expired: true, requestVersion: 2 } }).state).toBe("expired");
    // A decision stands even after the link's expiry date.
    expect(valuableVerdict({ ...approved, live: { decision: "approve", expired: true, requestVersion: 2 } }).state).toBe("approved");
  });

  it("tells a superseded case from one never sent", () => {
    // Declined on version 1, then the case changed and nobody was asked about version 2.
    expect(valuableVerdict({ live: null, superseded: 1, caseVersion: 2, hasBuyer: true }).state).toBe("superseded");
    expect(valuableVerdict({ live: null, superseded: 0, caseVersion: 1, hasBuyer: true })).toEqual({ state: "not_sent", reason: "sign-off request not sent" });
    expect(valuableVerdict({ live: null, superseded: 0, caseVersion: null, hasBuyer: true }).reason).toBe("no business case");
    expect(valuableVerdict({ live: null, superseded: 0, caseVersion: 1, hasBuyer: false }).reason).toBe("no economic buyer");
  });
});

describe("quadrants", () => {
  it("name the four combinations", () => {
    expect(quadrantOf(true, true)).toBe("ready");
    expect(quadrantOf(true, false)).toBe("candy");
    expect(quadrantOf(false, true)).toBe("vegetables");
    expect(quadrantOf(false, false)).toBe("neither");
  });

  it("treat not enough data as not passing", () => {
    const c = evaluateCustomer({ customerId: "c", name: "C", usable: { responses: 2, meanSus: 90, completed: 2, attempts: 2 }, thresholds, valuable: approved });
    expect(c).toMatchObject({ quadrant: "vegetables", passesBoth: false, usable: { state: "not_enough_data" } });
  });
});

describe("the gate", () => {
  const customer = (name: string, usable: UsableEvidence = goodUsers, valuable = approved) => evaluateCustomer({ customerId: name, name, usable, thresholds, valuable });

  it("passes exactly at the target and explains what is missing", () => {
    const six = ["A", "B", "C", "D", "E", "F"].map((n) => customer(n));
    expect(evaluateGate(6, six)).toMatchObject({ passing: 6, canPass: true, missing: [] });
    const short = [...six.slice(0, 5), customer("F", { responses: 3, meanSus: 61, completed: 9, attempts: 10 }, { ...approved, live: { decision: "decline", expired: false, requestVersion: 1 }, declineReason: "No SSO" })];
    const gate = evaluateGate(6, short);
    expect(gate).toMatchObject({ passing: 5, canPass: false, summary: "5 of 6 customers pass both tests: 1 more needed to close as passed." });
    expect(gate.missing).toEqual([{ customerId: "F", name: "F", reasons: ["usable: SUS 61 < 68", "valuable: buyer declined: “No SSO”"] }]);
  });

  it("counts a customer with no responses as missing data, not as failing", () => {
    const gate = evaluateGate(1, [customer("A", { responses: 0, meanSus: null, completed: 0, attempts: 0 })]);
    expect(gate.missing[0].reasons[0]).toBe("usable: not enough data, 0 of 3 responses");
  });
});

describe("referenceability", () => {
  const passed = { number: 2, usablePass: true, valuablePass: true, usableReason: "", valuableReason: "" };

  it("needs an active customer, a passed latest closed round and a standing consent", () => {
    expect(referenceability({ status: "active", latestClosed: passed, consent: { given: true, withdrawn: false } })).toMatchObject({ referenceable: true });
    expect(referenceability({ status: "withdrawn", latestClosed: passed, consent: { given: true, withdrawn: false } })).toMatchObject({ blockedOn: "not_active" });
    expect(referenceability({ status: "active", latestClosed: null, consent: null })).toMatchObject({ blockedOn: "no_closed_round" });
    expect(referenceability({ status: "active", latestClosed: { ...passed, usablePass: false, usableReason: "SUS 61 < 68" }, consent: null })).toEqual({
      referenceable: false,
      blockedOn: "usability",
      reason: "round 2 usable test: SUS 61 < 68",
    });
    expect(referenceability({ status: "active", latestClosed: { ...passed, valuablePass: false, valuableReason: "buyer declined" }, consent: null })).toMatchObject({ blockedOn: "value" });
    expect(referenceability({ status: "active", latestClosed: passed, consent: { given: false, withdrawn: false } })).toMatchObject({ blockedOn: "consent" });
    expect(referenceability({ status: "active", latestClosed: passed, consent: { given: true, withdrawn: true } })).toMatchObject({ blockedOn: "consent", reason: "the buyer withdrew reference consent" });
  });

  it("a customer added after round 1 waits for a closed round it took part in", () => {
    // Added after round 1 closed: its latest closed round has no evidence for it, so it fails the tests there.
    expect(referenceability({ status: "active", latestClosed: { number: 1, usablePass: false, valuablePass: false, usableReason: "0 of 3 responses", valuableReason: "sign-off request not sent" }, consent: null })).toEqual({
      referenceable: false,
      blockedOn: "both",
      reason: "round 1 usable test: 0 of 3 responses; valuable test: sign-off request not sent",
    });
  });

  it("sums up in one line", () => {
    const results = [
      ...Array.from({ length: 4 }, () => referenceability({ status: "active", latestClosed: passed, consent: { given: true, withdrawn: false } })),
      referenceability({ status: "active", latestClosed: { ...passed, valuablePass: false }, consent: null }),
      referenceability({ status: "active", latestClosed: { ...passed, usablePass: false }, consent: null }),
    ];
    expect(readinessHeadline(6, results)).toBe("4 of 6 referenceable — 1 blocked on value, 1 on usability");
    const missedBoth = referenceability({ status: "active", latestClosed: { ...passed, usablePass: false, valuablePass: false }, consent: null });
    expect(readinessHeadline(6, [...results, missedBoth])).toBe("4 of 6 referenceable — 1 blocked on both tests, 1 on value, 1 on usability");
    expect(readinessHeadline(6, results.slice(0, 4))).toBe("4 of 6 referenceable");
  });
});
