/**
 * Honest numbers for small samples (PRODUCT.md, "Learning across customers"): the 90% confidence
 * interval of a mean SUS (Student's t, n − 1 degrees of freedom), the adjusted-Wald interval of a
 * completion rate (Sauro & Lewis), and the curved grading scale letter of a SUS mean. Pure.
 *
 * The t and normal quantiles are computed here rather than taken from a statistics package: the
 * packages that have them (jstat, simple-statistics' tables) are large or unmaintained for the two
 * functions we need, and both are short, classic algorithms checked against published tables.
 */

export const CONFIDENCE = 0.9;
/** Below this many answers a figure carries the words "a small sample". */
export const SMALL_SAMPLE = 5;

export type Interval = { low: number; high: number };

/** ln Γ(x), Lanczos approximation (g = 7, n = 9); accurate to ~15 digits for x > 0. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz; Numerical Recipes §6.4). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast on this side; use the symmetry relation on the other.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0 < p < 1), by bisection on the CDF: slow-ish, exact enough, obviously right. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError("tQuantile needs 0 < p < 1 and df > 0.");
  if (p === 0.5) return 0;
  let lo = -1e4;
  let hi = 1e4;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The p-quantile of the standard normal distribution (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError("normalQuantile needs 0 < p < 1.");
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628274631];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/**
 * The confidence interval of a mean: mean ± t(1 − α/2, n − 1) · sd / √n. Null below two answers
 * (one answer has no spread to estimate); all-equal answers give a zero-width interval.
 */
export function meanInterval({ n, mean, sd }: { n: number; mean: number; sd: number }, confidence = CONFIDENCE): Interval | null {
  if (n < 2 || !Number.isFinite(mean) || !Number.isFinite(sd)) return null;
  const margin = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { low: mean - margin, high: mean + margin };
}

/** The 90% interval of a mean SUS, clamped to the scale's 0–100. */
export function susInterval(evidence: { n: number; mean: number | null; sd: number | null }, confidence = CONFIDENCE): Interval | null {
  if (evidence.mean === null) return null;
  const interval = meanInterval({ n: evidence.n, mean: evidence.mean, sd: evidence.sd ?? Number.NaN }, confidence);
  return interval && { low: clamp(interval.low, 0, 100), high: clamp(interval.high, 0, 100) };
}

/**
 * The adjusted-Wald interval of a completion rate (Agresti & Coull 1998, recommended for small
 * usability samples by Sauro & Lewis 2005): add z²/2 successes and z²/2 failures, then Wald; clamped
 * to 0–1. Null with no attempts.
 */
export function completionInterval(completed: number, attempts: number, confidence = CONFIDENCE): Interval | null {
  if (attempts <= 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const nAdj = attempts + z * z;
  const pAdj = (completed + (z * z) / 2) / nAdj;
  const margin = z * Math.sqrt((pAdj * (1 - pAdj)) / nAdj);
  return { low: clamp(pAdj - margin, 0, 1), high: clamp(pAdj + margin, 0, 1) };
}

export const SUS_GRADES = ["A+", "A", "A−", "B+", "B", "B−", "C+", "C", "C−", "D", "F"] as const;
export type SusLetter = (typeof SUS_GRADES)[number];

/** Lower edges of the Sauro–Lewis curved grading scale (Sauro & Lewis 2016, Table 8.5), best first. */
const CURVED_SCALE: [number, SusLetter][] = [
  [84.1, "A+"],
  [80.8, "A"],
  [78.9, "A−"],
  [77.2, "B+"],
  [74.1, "B"],
  [72.6, "B−"],
  [71.1, "C+"],
  [65.0, "C"],
  [62.7, "C−"],
  [51.7, "D"],
];

/**
 * The curved grading scale letter of a SUS mean. The published ranges are to one decimal with gaps
 * between them (84.0 | 84.1): a mean is read at one decimal first, so 84.04 is an A, 84.06 an A+.
 */
export function susLetter(mean: number): SusLetter {
  const shown = Math.round(mean * 10) / 10;
  for (const [from, letter] of CURVED_SCALE) if (shown >= from) return letter;
  return "F";
}

const oneDecimal = (n: number) => `${Math.round(n * 10) / 10}`;

/** "72.5 (90% CI 61–84, n = 4)"; one answer: "80 (n = 1, no interval)". The words the pages and PDFs share. */
export function susFigureText(e: { n: number; mean: number | null; sd: number | null }): string {
  if (e.mean === null || e.n === 0) return "—";
  const interval = susInterval(e);
  if (!interval) return `${oneDecimal(e.mean)} (n = ${e.n}, no interval)`;
  // Whole points, unless the interval is too narrow for them to tell its ends apart.
  const bound = interval.high - interval.low < 2 ? oneDecimal : (v: number) => `${Math.round(v)}`;
  return `${oneDecimal(e.mean)} (90% CI ${bound(interval.low)}–${bound(interval.high)}, n = ${e.n})`;
}

/** "83.3% (10 of 12; 90% CI 59–95%)". */
export function completionFigureText(completed: number, attempts: number): string {
  const interval = completionInterval(completed, attempts);
  if (!interval) return "—";
  return `${oneDecimal((completed / attempts) * 100)}% (${completed} of ${attempts}; 90% CI ${Math.round(interval.low * 100)}–${Math.round(interval.high * 100)}%)`;
}

/** "only 3 answers — a small sample" below SMALL_SAMPLE answers; null otherwise. */
export function smallSampleWords(n: number): string | null {
  if (n <= 0 || n >= SMALL_SAMPLE) return null;
  return `only ${n} ${n === 1 ? "answer" : "answers"} — a small sample`;
}

/** The sample standard deviation (n − 1), as SQL's stddev_samp; null below two values. */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}
