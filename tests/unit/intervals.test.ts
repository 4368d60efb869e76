import { describe, expect, it } from "vitest";
import { completionFigureText, completionInterval, meanInterval, normalQuantile, sampleSd, smallSampleWords, susFigureText, susInterval, susLetter, tQuantile } from "~/modules/feedback/intervals";

describe("quantiles", () => {
  it("match the published t table (two-sided 90%: t at 0.95) and the normal table", () => {
    // Any t table, e.g. NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2.
    expect(tQuantile(0.95, 1)).toBeCloseTo(6.314, 3);
    expect(tQuantile(0.95, 2)).toBeCloseTo(2.92, 3);
    expect(tQuantile(0.95, 3)).toBeCloseTo(2.353, 3);
    expect(tQuantile(0.95, 4)).toBeCloseTo(2.132, 3);
    expect(tQuantile(0.95, 9)).toBeCloseTo(1.833, 3);
    expect(tQuantile(0.975, 11)).toBeCloseTo(2.201, 3);
    expect(tQuantile(0.95, 100)).toBeCloseTo(1.660, 3);
    expect(tQuantile(0.05, 4)).toBeCloseTo(-2.132, 3);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6449, 4);
    expect(normalQuantile(0.975)).toBeCloseTo(1.96, 3);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758, 4);
  });
});

describe("the interval of a mean SUS (t-distribution, n − 1 degrees of freedom)", () => {
  it("matches Sauro & Lewis's worked example", () => {
    // Sauro & Lewis, "Quantifying the User Experience" (2nd ed., 2016), ch. 3, confidence interval
    // for a SUS mean: twelve users, mean 82.9, sd 13.5 → 95% interval 74.3 to 91.5.
    const scores = [90, 77.5, 72.5, 95, 62.5, 57.5, 100, 95, 95, 80, 82.5, 87.5];
    const n = scores.length;
    const mean = scores.reduce((a, b) => a + b) / n;
    const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    expect(mean).toBeCloseTo(82.9, 1);
    expect(sd).toBeCloseTo(13.5, 1);
    const at95 = meanInterval({ n, mean, sd }, 0.95)!;
    expect(at95.low).toBeCloseTo(74.3, 1);
    expect(at95.high).toBeCloseTo(91.5, 1);
    // The same data at our 90%: t(0.95, 11) = 1.796 → ± 7.0.
    const at90 = susInterval({ n, mean, sd })!;
    expect(at90.low).toBeCloseTo(75.9, 1);
    expect(at90.high).toBeCloseTo(89.9, 1);
  });

  it("has no interval for no answer or one answer", () => {
    expect(susInterval({ n: 0, mean: null, sd: null })).toBeNull();
    expect(susInterval({ n: 1, mean: 72.5, sd: null })).toBeNull();
  });

  it("is wide with two and three answers, and clamped to 0–100", () => {
    // n = 2, answers 60 and 80: mean 70, sd 14.14, t(0.95, 1) = 6.314 → ± 63.1, clamped.
    expect(susInterval({ n: 2, mean: 70, sd: Math.sqrt(200) })).toEqual({ low: expect.closeTo(6.86, 2), high: 100 });
    // n = 3, answers 65, 75, 85: mean 75, sd 10, t(0.95, 2) = 2.920 → ± 16.86.
    const three = susInterval({ n: 3, mean: 75, sd: 10 })!;
    expect(three.low).toBeCloseTo(58.14, 2);
    expect(three.high).toBeCloseTo(91.86, 2);
    // Near the top of the scale the upper bound stops at 100.
    expect(susInterval({ n: 3, mean: 95, sd: 5 })!.high).toBe(100);
  });

  it("collapses to the mean when every answer is the same (zero variance)", () => {
    expect(susInterval({ n: 4, mean: 80, sd: 0 })).toEqual({ low: 80, high: 80 });
  });
});

describe("the adjusted-Wald interval of a completion rate", () => {
  it("matches the published worked example", () => {
    // Tullis & Albert, "Measuring the User Experience" (2008), p. 69, after Sauro & Lewis (2005):
    // 4 of 5 users completed, 95% → 0.3596 to 0.9796.
    const i = completionInterval(4, 5, 0.95)!;
    expect(i.low).toBeCloseTo(0.3596, 3);
    expect(i.high).toBeCloseTo(0.9796, 3);
  });

  it("uses z²/2 added successes at 90% (Sauro & Lewis: padj = (x + z²/2) / (n + z²))", () => {
    // 10 of 12 at 90%: z = 1.645, padj = 11.353 / 14.706 = 0.772, ± 1.645 · √(0.772 · 0.228 / 14.706) = ± 0.179.
    const i = completionInterval(10, 12)!;
    expect(i.low).toBeCloseTo(0.593, 2);
    expect(i.high).toBeCloseTo(0.951, 2);
  });

  it("keeps an interval below 100% for 100% completion, and above 0% for none", () => {
    // 5 of 5: the adjusted Wald does not claim certainty; the upper bound is clamped to 1.
    const all = completionInterval(5, 5)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.599, 2);
    const none = completionInterval(0, 5)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.401, 2);
  });

  it("has no interval without attempts", () => {
    expect(completionInterval(0, 0)).toBeNull();
  });
});

describe("the curved grading scale (Sauro & Lewis 2016, Table 8.5)", () => {
  it("gives each published range its letter, at both edges", () => {
    const edges: [number, number, string][] = [
      [84.1, 100, "A+"],
      [80.8, 84.0, "A"],
      [78.9, 80.7, "A−"],
      [77.2, 78.8, "B+"],
      [74.1, 77.1, "B"],
      [72.6, 74.0, "B−"],
      [71.1, 72.5, "C+"],
      [65.0, 71.0, "C"],
      [62.7, 64.9, "C−"],
      [51.7, 62.6, "D"],
      [0, 51.6, "F"],
    ];
    for (const [from, to, letter] of edges) {
      expect(susLetter(from)).toBe(letter);
      expect(susLetter(to)).toBe(letter);
    }
    // The published average (68) is a C; between two published ranges a mean is read at one decimal.
    expect(susLetter(68)).toBe("C");
    expect(susLetter(84.04)).toBe("A");
    expect(susLetter(84.06)).toBe("A+");
  });
});

describe("the words beside a figure", () => {
  it("gives the interval and n, or says there is none, and names a small sample", () => {
    expect(susFigureText({ n: 4, mean: 74, sd: 10 })).toBe("74 (90% CI 62–86, n = 4)");
    expect(susFigureText({ n: 3, mean: 97.5, sd: 0 })).toBe("97.5 (90% CI 97.5–97.5, n = 3)");
    expect(susFigureText({ n: 1, mean: 80, sd: null })).toBe("80 (n = 1, no interval)");
    expect(susFigureText({ n: 0, mean: null, sd: null })).toBe("—");
    expect(completionFigureText(10, 12)).toBe("83.3% (10 of 12; 90% CI 59–95%)");
    expect(completionFigureText(0, 0)).toBe("—");
    expect(smallSampleWords(4)).toBe("only 4 answers — a small sample");
    expect(smallSampleWords(1)).toBe("only 1 answer — a small sample");
    expect(smallSampleWords(5)).toBeNull();
    expect(smallSampleWords(0)).toBeNull();
  });

  it("computes the sample standard deviation as SQL's stddev_samp does", () => {
    expect(sampleSd([100, 100, 50])).toBeCloseTo(28.868, 3);
    expect(sampleSd([80])).toBeNull();
  });
});
