/**
 * Protection from over-use: at most `limit` uses of a customer as a reference in any `days`-day
 * period. The rule: a use counts from its request date while it is pending or agreed, for `days`
 * days (a request made on 1 March with a 90-day period counts until 30 May, and frees its place on
 * that day); declined and cancelled requests never count. Pure, so the request page, the library
 * and the module that records a request read the one rule.
 */

export type Use = { requestedAt: Date; status: "pending" | "agreed" | "declined" | "cancelled" };
export type Limit = { uses: number; days: number };

const DAY_MS = 86_400_000;

export type Availability = {
  /** Uses that count now. */
  used: number;
  limit: number;
  days: number;
  /** The next request would be the last one allowed in the period. */
  lastBeforeLimit: boolean;
  /** A new request now would go past the limit. */
  full: boolean;
  /** When a new request fits again (now when not full). */
  nextAvailableAt: Date;
};

export function availability(uses: Use[], limit: Limit, now: Date): Availability {
  const counting = uses
    .filter((u) => u.status === "pending" || u.status === "agreed")
    .map((u) => u.requestedAt.getTime() + limit.days * DAY_MS)
    .filter((freesAt) => freesAt > now.getTime())
    .sort((a, b) => a - b);
  const used = counting.length;
  const full = used >= limit.uses;
  // Full: a place frees when enough of the counting uses age out to leave limit - 1 of them.
  const nextAvailableAt = full ? new Date(counting[used - limit.uses]) : now;
  return { used, limit: limit.uses, days: limit.days, lastBeforeLimit: used === limit.uses - 1, full, nextAvailableAt };
}

export type RequestVerdict = { allowed: true; overridden: boolean } | { allowed: false; reason: string };

/**
 * Whether a new request may be recorded: within the limit always; past it only by an admin who
 * gives a reason (the reason is recorded with the request).
 */
export function mayRequest(current: Availability, override: { role: "admin" | "pm" | "viewer"; reason: string }): RequestVerdict {
  if (!current.full) return { allowed: true, overridden: false };
  const dated = `${current.used} of ${current.limit} uses in ${current.days} days; next available ${current.nextAvailableAt.toISOString().slice(0, 10)}`;
  if (override.role !== "admin") return { allowed: false, reason: `This customer is at the limit (${dated}). Only an admin can go past it, with a reason.` };
  if (!override.reason.trim()) return { allowed: false, reason: `This customer is at the limit (${dated}). Give a reason to go past it.` };
  return { allowed: true, overridden: true };
}
