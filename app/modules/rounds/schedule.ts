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
