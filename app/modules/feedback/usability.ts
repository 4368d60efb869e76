/**
 * The usable test (PRODUCT.md): System Usability Scale scoring (Brooke, 1986) and the per-customer
 * verdict. Pure functions; the numbers come from SQL aggregates.
 */
import { completionInterval, susInterval } from "./intervals";

/** How a user says a task went, best first. */
export const taskOutcomes = ["completed", "completed_with_help", "not_completed"] as const;

export const SUS_ITEMS = [
  "I think that I would like to use the prototype frequently.",
  "I found the prototype unnecessarily complex.",
  "I thought the prototype was easy to use.",
  "I think that I would need the support of a technical person to be able to use the prototype.",
  "I found the various functions in the prototype were well integrated.",
  "I thought there was too much inconsistency in the prototype.",
  "I would imagine that most people would learn to use the prototype very quickly.",
  "I found the prototype very cumbersome to use.",
  "I felt very confident using the prototype.",
  "I needed to learn a lot of things before I could get going with the prototype.",
] as const;

/** Ten answers 1–5 → 0–100: odd items score (answer − 1), even items (5 − answer), sum × 2.5. */
export function susScore(answers: readonly number[]): number {
  if (answers.length !== 10 || answers.some((a) => !Number.isInteger(a) || a < 1 || a > 5))
    throw new RangeError("SUS needs ten answers, each a whole number from 1 to 5.");
  const sum = answers.reduce((total, answer, i) => total + (i % 2 === 0 ? answer - 1 : 5 - answer), 0);
  return sum * 2.5;
}

/** Where a mean SUS score sits against the published norms. */
export function susGrade(score: number): { label: string; tone: "green" | "blue" | "amber" | "red" } {
  if (score >= 80.3) return { label: "Excellent — top 10%", tone: "green" };
  if (score >= 68) return { label: "Above average", tone: "blue" };
  if (score >= 51) return { label: "Below average", tone: "amber" };
  return { label: "Poor — bottom 15%", tone: "red" };
}

export type UsableThresholds = {
  minResponses: number;
  minSus: number;
  minTaskCompletion: number;
  /** The program's "usable requires the lower bound": the 90% intervals' lower bounds must meet the thresholds. */
  requireLowerBound?: boolean;
};
/** `susSd` is the sample standard deviation of the SUS scores (SQL stddev_samp): the interval needs it. */
export type UsableEvidence = { responses: number; meanSus: number | null; susSd?: number | null; completed: number; attempts: number };
export type UsableVerdict = { state: "pass" | "fail" | "not_enough_data"; reasons: string[] };

const rounded = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

/**
 * A measure beside its threshold, with one decimal, or as many more as it takes for a value below
 * its threshold to look below it: a mean of 67.96 against 68 reads "67.96 < 68", never "68 < 68".
 * (Rounding keeps order, so a value at or above its threshold never looks below it.)
 */
export function beside(value: number, threshold: number, unit = ""): [string, string] {
  const looksAtLeast = (decimals: number) => value < threshold && rounded(value, decimals) >= rounded(threshold, decimals);
  let decimals = 1;
  while (decimals < 4 && looksAtLeast(decimals)) decimals++;
  // Closer than 0.0001 below: cut the value down rather than round it up to the threshold.
  // (Floating point can make the cut land on the threshold itself, 52.839999999999996 × 10⁴ being
  // 528400: then one step lower.)
  const scale = 10 ** decimals;
  const cut = Math.floor(value * scale) / scale;
  const shown = !looksAtLeast(decimals) ? rounded(value, decimals) : cut < threshold ? cut : (Math.round(cut * scale) - 1) / scale;
  return [`${shown}${unit}`, `${rounded(threshold, decimals)}${unit}`];
}

/**
 * Passes with at least `minResponses` responses, mean SUS ≥ minSus and unaided completion ≥ the
 * minimum. Too few responses is its own state, never a pass and never a fail.
 */
export function usableVerdict(evidence: UsableEvidence, t: UsableThresholds): UsableVerdict {
  if (evidence.responses < t.minResponses)
    return { state: "not_enough_data", reasons: [`${evidence.responses} of ${t.minResponses} responses`] };
  if (t.requireLowerBound) return lowerBoundVerdict(evidence, t);
  const reasons: string[] = [];
  const sus = evidence.meanSus ?? 0;
  const completion = evidence.attempts > 0 ? evidence.completed / evidence.attempts : 0;
  const [susShown, minSusShown] = beside(sus, t.minSus);
  const [completionShown, minCompletionShown] = beside(completion * 100, t.minTaskCompletion * 100, "%");
  if (sus < t.minSus) reasons.push(`SUS ${susShown} < ${minSusShown}`);
  if (completion < t.minTaskCompletion) reasons.push(`task completion ${completionShown} < ${minCompletionShown}`);
  if (reasons.length > 0) return { state: "fail", reasons };
  return { state: "pass", reasons: [`SUS ${susShown} ≥ ${minSusShown}`, `task completion ${completionShown} ≥ ${minCompletionShown}`] };
}

const whole = (n: number) => `${Math.round(n)}`;

/**
 * The usable test on the lower bounds of the 90% intervals (the program's setting): a small sample
 * passes only when even its pessimistic end meets the thresholds, and says so with the interval.
 * One answer has no interval: that is not enough data, never a pass or a fail.
 */
function lowerBoundVerdict(evidence: UsableEvidence, t: UsableThresholds): UsableVerdict {
  const sus = susInterval({ n: evidence.responses, mean: evidence.meanSus, sd: evidence.susSd ?? null });
  if (!sus || evidence.meanSus === null)
    return { state: "not_enough_data", reasons: [`${evidence.responses} ${evidence.responses === 1 ? "response" : "responses"}: an interval needs at least 2`] };
  const completion = completionInterval(evidence.completed, evidence.attempts);
  const completionLow = completion?.low ?? 0;
  const rate = evidence.attempts > 0 ? evidence.completed / evidence.attempts : 0;
  const [susLow, minSus] = beside(sus.low, t.minSus);
  const [completionLowShown, minCompletion] = beside(completionLow * 100, t.minTaskCompletion * 100, "%");
  const failures: string[] = [];
  if (sus.low < t.minSus) failures.push(`SUS ${whole(evidence.meanSus)}, but the 90% interval reaches down to ${susLow}, below ${minSus}`);
  if (!completion) failures.push("no task attempts");
  else if (completion.low < t.minTaskCompletion) failures.push(`task completion ${whole(rate * 100)}%, but the 90% interval reaches down to ${completionLowShown}, below ${minCompletion}`);
  if (failures.length > 0) return { state: "fail", reasons: failures };
  return {
    state: "pass",
    reasons: [`SUS ${whole(evidence.meanSus)}, 90% interval from ${susLow} ≥ ${minSus}`, `task completion ${whole(rate * 100)}%, 90% interval from ${completionLowShown} ≥ ${minCompletion}`],
  };
}
