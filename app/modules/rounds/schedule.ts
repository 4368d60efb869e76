/**
 * A round's planned close date against today (UTC calendar days): how many days are left, or how
 * far past it the round is. Pure; the loaders pass the clock's now, so the page shows the server's day.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export type CloseDateStatus = { closesOn: string; daysLeft: number; overdue: boolean; label: string };

export const today = (now: Date) => now.toISOString().slice(0, 10);

export function addDays(day: string, days: number) {
  return new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
}

export function closeDateStatus(closesOn: string | null, now: Date): CloseDateStatus | null {
  if (!closesOn) return null;
  const daysLeft = Math.round((Date.parse(closesOn) - Date.parse(today(now))) / DAY_MS);
  const label =
    daysLeft > 1 ? `${daysLeft} days left` : daysLeft === 1 ? "1 day left" : daysLeft === 0 ? "closes today" : `${-daysLeft} ${daysLeft === -1 ? "day" : "days"} past its planned close`;
  return { closesOn, daysLeft, overdue: daysLeft < 0, label };
}

const dayMonth = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
const dayMonthYear = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A date as a person says it: "Friday 18 December", with the year only when it is not this year's. */
export function spokenDate(day: string, now: Date) {
  const date = new Date(Date.parse(day));
  const format = date.getUTCFullYear() === now.getUTCFullYear() ? dayMonth : dayMonthYear;
  // With a year, en-GB writes "Friday, 8 January 2027"; the comma goes, as in "Friday 18 December".
  return format.format(date).replace(",", "");
}

/**
 * What users and buyers are told about the round's planned close (pages and emails), or null when
 * the round has none. A date already past is not asked for: the round is late, not their answer.
 */
export function answerBy(closesOn: string | null, now: Date): string | null {
  if (!closesOn) return null;
  const when = spokenDate(closesOn, now);
  if (closesOn === today(now)) return `Please answer by today, ${when}.`;
  if (closesOn < today(now)) return `Please answer as soon as you can: this round was planned to close on ${when}.`;
  return `Please answer by ${when}.`;
}

/** Reminders before a planned close go out this many days before it, from this hour (UTC) of that day. */
export const CLOSE_REMINDER_DAYS = [3, 1] as const;
const CLOSE_REMINDER_HOUR_UTC = 8;

/**
 * Which reminder before the close is due now: 3 (days before) from 08:00 UTC three days before
 * until the 1-day reminder takes over, 1 from 08:00 UTC the day before until the close day ends.
 * Never after it. A job that missed a slot's whole window skips it rather than sending two at once.
 */
export function dueCloseReminder(closesOn: string, now: Date): (typeof CLOSE_REMINDER_DAYS)[number] | null {
  const at = now.getTime();
  const start = (daysBefore: number) => Date.parse(closesOn) - daysBefore * DAY_MS + CLOSE_REMINDER_HOUR_UTC * 3_600_000;
  if (at >= start(1) && at < Date.parse(closesOn) + DAY_MS) return 1;
  if (at >= start(3) && at < start(1)) return 3;
  return null;
}
