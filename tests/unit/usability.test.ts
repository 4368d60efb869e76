import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { beside, susGrade, susScore, usableVerdict } from "~/modules/feedback/usability";

const thresholds = { minResponses: 3, minSus: 68, minTaskCompletion: 0.78 };

describe("SUS scoring", () => {
  it("matches worked examples", () => {
    // Best possible: agree fully with the positive (odd) items, disagree with the negative ones.
    expect(susScore([5, 1, 5, 1, 5, 1, 5, 1, 5, 1])).toBe(100);
    expect(susScore([1, 5, 1, 5, 1, 5, 1, 5, 1, 5])).toBe(0);
    expect(susScore([3, 3, 3, 3, 3, 3, 3, 3, 3, 3])).toBe(50);
    // Brooke's scoring: (4-1)+(5-2)+(4-1)+(5-1)+(3-1)+(5-2)+(4-1)+(5-2)+(4-1)+(5-3) = 29 → 72.5
    expect(susScore([4, 2, 4, 1, 3, 2, 4, 2, 4, 3])).toBe(72.5);
  });

  it("refuses anything but ten answers from 1 to 5", () => {
    expect(() => susScore([5, 1, 5])).toThrow(RangeError);
    expect(() => susScore([0, 1, 5, 1, 5, 1, 5, 1, 5, 1])).toThrow(RangeError);
    expect(() => susScore([2.5, 1, 5, 1, 5, 1, 5, 1, 5, 1])).toThrow(RangeError);
  });

  it("grades against the published norms", () => {
    expect(susGrade(80.3).label).toMatch(/top 10%/);
    expect(susGrade(80.2).label).toBe("Above average");
    expect(susGrade(68).label).toBe("Above average");
    expect(susGrade(67.9).label).toBe("Below average");
    expect(susGrade(50.9).label).toMatch(/bottom 15%/);
  });
});

describe("the usable verdict", () => {
  it("is 'not enough data' below the minimum of responses, whatever the scores", () => {
    expect(usableVerdict({ responses: 2, meanSus: 95, completed: 10, attempts: 10 }, thresholds)).toEqual({ state: "not_enough_data", reasons: ["2 of 3 responses"] });
    expect(usableVerdict({ responses: 0, meanSus: null, completed: 0, attempts: 0 }, thresholds).state).toBe("not_enough_data");
  });

  it("passes exactly at the thresholds", () => {
    expect(usableVerdict({ responses: 3, meanSus: 68, completed: 39, attempts: 50 }, thresholds)).toEqual({
      state: "pass",
      reasons: ["SUS 68 ≥ 68", "task completion 78% ≥ 78%"],
    });
  });

  it("fails with each reason in numbers", () => {
    expect(usableVerdict({ responses: 4, meanSus: 61, completed: 7, attempts: 10 }, thresholds)).toEqual({
      state: "fail",
      reasons: ["SUS 61 < 68", "task completion 70% < 78%"],
    });
    expect(usableVerdict({ responses: 3, meanSus: 67.5, completed: 10, attempts: 10 }, thresholds).reasons).toEqual(["SUS 67.5 < 68"]);
  });
});

describe("a measure beside its threshold", () => {
  it("never shows a failing mean as equal to its threshold", () => {
    const fail = usableVerdict({ responses: 5, meanSus: 67.96, completed: 10, attempts: 10 }, thresholds);
    expect(fail).toEqual({ state: "fail", reasons: ["SUS 67.96 < 68"] });
    expect(usableVerdict({ responses: 5, meanSus: 67.9999, completed: 10, attempts: 10 }, thresholds).reasons).toEqual(["SUS 67.9999 < 68"]);
    // Closer than the fourth decimal: cut down, never rounded up to the threshold.
    expect(usableVerdict({ responses: 5, meanSus: 67.99999, completed: 10, attempts: 10 }, thresholds).reasons).toEqual(["SUS 67.9999 < 68"]);
    // 77.9% and 77.99% are below 78%: shown as such, not as "78% < 78%".
    expect(usableVerdict({ responses: 5, meanSus: 70, completed: 779, attempts: 1000 }, thresholds).reasons).toEqual(["task completion 77.9% < 78%"]);
    expect(usableVerdict({ responses: 5, meanSus: 70, completed: 7799, attempts: 10000 }, thresholds).reasons).toEqual(["task completion 77.99% < 78%"]);
    // A hair below, from floating point (52.84 − 4e-15): still shown below, never as the threshold.
    expect(beside(52.839999999999996, 52.84)).toEqual(["52.8399", "52.84"]);
  });

  it("keeps one decimal where that already tells the sides apart", () => {
    expect(usableVerdict({ responses: 5, meanSus: 68.04, completed: 10, attempts: 10 }, thresholds).reasons).toEqual(["SUS 68 ≥ 68", "task completion 100% ≥ 78%"]);
    expect(usableVerdict({ responses: 5, meanSus: 67.94, completed: 10, attempts: 10 }, thresholds).reasons).toEqual(["SUS 67.9 < 68"]);
    expect(usableVerdict({ responses: 5, meanSus: 81.25, completed: 10, attempts: 10 }, { ...thresholds, minSus: 72.5 }).reasons[0]).toBe("SUS 81.3 ≥ 72.5");
  });

  it("shows any failing value below its threshold and any passing one at or above it", () => {
    const cases = fc.record({ hundredths: fc.integer({ min: 0, max: 10000 }), offset: fc.double({ min: -1, max: 1, noNaN: true }), scale: fc.integer({ min: 0, max: 8 }) });
    fc.assert(
      fc.property(cases, ({ hundredths, offset, scale }) => {
        const threshold = hundredths / 100;
        const value = threshold + offset * 10 ** -scale;
        const [shown, limit] = beside(value, threshold);
        if (value < threshold) expect(Number(shown), `${value} < ${threshold}`).toBeLessThan(Number(limit));
        else expect(Number(shown), `${value} ≥ ${threshold}`).toBeGreaterThanOrEqual(Number(limit));
      }),
      { numRuns: 2000 },
    );
  });
});
