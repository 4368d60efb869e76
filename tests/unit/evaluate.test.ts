import { describe, expect, it } from "vitest";
import type { UsableEvidence } from "~/modules/feedback/usability";
import { evaluateCustomer, evaluateGate, quadrantOf, readinessHeadline, referenceability, standingDecision, valuableVerdict, type DecisionRecord, type ValuableEvidence } from "~/modules/gates/evaluate";

const thresholds = { minResponses: 3, minSus: 68, minTaskCompletion: 0.78 };
const goodUsers = { responses: 3, meanSus: 75, completed: 9, attempts: 10 };
const decided = (decision: "approve" | "decline", extra: Partial<NonNullable<ValuableEvidence["standing"]>> = {}): NonNullable<ValuableEvidence["standing"]> => ({ decision, version: 2, roundNumber: 1, carried: false, signoffId: "s1", ...extra });
const approved: ValuableEvidence = { live: null, standing: decided("approve"), superseded: 0, caseVersion: 2, hasBuyer: true };
const declinedBy = (reason: string): ValuableEvidence => ({ ...approved, standing: decided("decline", { declineReason: reason }) });

describe("the valuable verdict", () => {
  it("reads the decision that stands, then this round's open request", () => {
    expect(valuableVerdict(approved)).toEqual({ state: "approved", reason: "buyer approved the case (version 2)", signoffId: "s1" });
    expect(valuableVerdict({ ...approved, standing: decided("decline", { declineReason: "Too pricey" }) })).toEqual({ state: "declined", reason: "buyer declined: “Too pricey”" });
    expect(valuableVerdict({ ...approved, standing: null, live: { expired: false, requestVersion: 2 } }).state).toBe("pending");
    expect(valuableVerdict({ ...approved, standing: null, live: { expired: true, requestVersion: 2 } }).state).toBe("expired");
  });

  it("carries an approval from an earlier round while its version is current, and names where it came from", () => {
    const carried = { ...approved, standing: decided("approve", { carried: true, roundNumber: 1, signoffId: "r1" }) };
    expect(valuableVerdict(carried)).toEqual({ state: "approved", reason: "approved version 2 in round 1 — still current", signoffId: "r1" });
    // Asking again does not void it: it stands until the buyer answers otherwise.
    expect(valuableVerdict({ ...carried, live: { expired: false, requestVersion: 2 } }).state).toBe("approved");
    // A carried decline gives way to this round's new request.
    const carriedDecline = { ...approved, standing: decided("decline", { carried: true, declineReason: "No SSO" }) };
    expect(valuableVerdict(carriedDecline)).toEqual({ state: "declined", reason: "declined version 2 in round 1: “No SSO” — still current" });
    expect(valuableVerdict({ ...carriedDecline, live: { expired: false, requestVersion: 2 } }).state).toBe("pending");
  });

  it("tells a superseded case from one never sent", () => {
    // Declined on version 1, then the case changed and nobody was asked about version 2.
    expect(valuableVerdict({ live: null, standing: null, superseded: 1, caseVersion: 2, hasBuyer: true }).state).toBe("superseded");
    expect(valuableVerdict({ live: null, standing: null, superseded: 0, caseVersion: 1, hasBuyer: true })).toEqual({ state: "not_sent", reason: "sign-off request not sent" });
    expect(valuableVerdict({ live: null, standing: null, superseded: 0, caseVersion: null, hasBuyer: true }).reason).toBe("no business case");
    expect(valuableVerdict({ live: null, standing: null, superseded: 0, caseVersion: 1, hasBuyer: false }).reason).toBe("no economic buyer");
  });
});

describe("the decision that stands across rounds", () => {
  const enrolledAt = new Date("2026-09-01T00:00:00Z");
  const day = (n: number) => new Date(enrolledAt.getTime() + n * 86_400_000);
  const decision = (extra: Partial<DecisionRecord>): DecisionRecord => ({ signoffId: "s", customerId: "acme", contactId: "dana", caseVersionId: "v2", version: 2, decision: "approve", declineReason: null, decidedAt: day(5), roundId: "r1", roundNumber: 1, requestSuperseded: false, ...extra });
  const at = (extra: Partial<Parameters<typeof standingDecision>[1]> = {}) => ({ roundId: "r3", roundNumber: 3, customerId: "acme", caseVersionId: "v2", buyerId: "dana", enrolledAt, reconfirmEveryRound: false, ...extra });

  it("an unchanged case: round 1's approval stands in rounds 2 and 3", () => {
    const approval = decision({ signoffId: "round1" });
    expect(standingDecision([approval], at({ roundId: "r2", roundNumber: 2 }))?.signoffId).toBe("round1");
    expect(standingDecision([approval], at())?.signoffId).toBe("round1");
    // …but not in a round before it was given (a closed round's gate is never rewritten).
    expect(standingDecision([decision({ roundId: "r2", roundNumber: 2 })], at({ roundId: "r1", roundNumber: 1 }))).toBeNull();
  });

  it("an edit in round 2 ends it: a new version needs its own decision", () => {
    const approval = decision({ signoffId: "round1" });
    expect(standingDecision([approval], at({ roundId: "r2", roundNumber: 2, caseVersionId: "v3" }))).toBeNull();
    const again = decision({ signoffId: "round2", caseVersionId: "v3", version: 3, roundId: "r2", roundNumber: 2, decidedAt: day(20) });
    expect(standingDecision([approval, again], at({ caseVersionId: "v3" }))?.signoffId).toBe("round2");
  });

  it("the latest answer on the version wins, a decline included", () => {
    const approval = decision({ signoffId: "yes" });
    const decline = decision({ signoffId: "no", decision: "decline", declineReason: "Budget cut", roundId: "r2", roundNumber: 2, decidedAt: day(30) });
    expect(standingDecision([decline, approval], at())?.signoffId).toBe("no");
  });

  it("with re-confirm on, only this round's decisions count", () => {
    const approval = decision({ signoffId: "round1" });
    expect(standingDecision([approval], at({ reconfirmEveryRound: true }))).toBeNull();
    const thisRound = decision({ signoffId: "round3", roundId: "r3", roundNumber: 3, decidedAt: day(40) });
    expect(standingDecision([approval, thisRound], at({ reconfirmEveryRound: true }))?.signoffId).toBe("round3");
  });

  it("a customer withdrawn and re-enrolled starts again: decisions before its re-enrolment do not count", () => {
    expect(standingDecision([decision({ decidedAt: day(5) })], at({ enrolledAt: day(10) }))).toBeNull();
    expect(standingDecision([decision({ decidedAt: day(12) })], at({ enrolledAt: day(10) }))).not.toBeNull();
  });

  it("a replaced buyer's approval does not count for the new buyer", () => {
    expect(standingDecision([decision({ contactId: "dana" })], at({ buyerId: "lee" }))).toBeNull();
    expect(standingDecision([decision({})], at({ buyerId: null }))).toBeNull();
  });

  it("ignores decisions on superseded requests and other customers'", () => {
    expect(standingDecision([decision({ requestSuperseded: true })], at())).toBeNull();
    expect(standingDecision([decision({ customerId: "other" })], at())).toBeNull();
    expect(standingDecision([decision({})], at({ caseVersionId: null }))).toBeNull();
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
    const short = [...six.slice(0, 5), customer("F", { responses: 3, meanSus: 61, completed: 9, attempts: 10 }, declinedBy("No SSO"))];
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
    expect(referenceability({ status: "active", latestClosed: { ...passed, usablePass: false, usableReason: "SUS 61 < 68" }, consent: { given: true, withdrawn: false } })).toEqual({
      referenceable: false,
      blockedOn: "usability",
      reason: "round 2 usable test: SUS 61 < 68",
    });
    // Every reason is named: a missing consent as well as a missed test.
    expect(referenceability({ status: "active", latestClosed: { ...passed, usablePass: false, usableReason: "SUS 61 < 68" }, consent: null })).toEqual({
      referenceable: false,
      blockedOn: "usability",
      reason: "round 2 usable test: SUS 61 < 68; the buyer did not agree to be a reference",
    });
    expect(referenceability({ status: "active", latestClosed: { ...passed, usablePass: false, usableReason: "SUS 61 < 68" }, consent: { given: true, withdrawn: true } }).reason).toBe("round 2 usable test: SUS 61 < 68; the buyer withdrew reference consent");
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
