import { describe, expect, it } from "vitest";
import { availability, mayRequest, type Use } from "~/modules/references/availability";

const DAY = 86_400_000;
const now = new Date("2027-03-01T12:00:00Z");
const daysAgo = (n: number): Date => new Date(now.getTime() - n * DAY);
const limit = { uses: 2, days: 90 };

describe("availability under the limit", () => {
  it("counts a use on day 89 of the window, frees it on day 90, and not on day 91", () => {
    const at = (n: number, status: Use["status"] = "agreed"): Use => ({ requestedAt: daysAgo(n), status });
    expect(availability([at(89), at(1)], limit, now)).toMatchObject({ used: 2, full: true });
    expect(availability([at(90), at(1)], limit, now)).toMatchObject({ used: 1, full: false, lastBeforeLimit: true });
    expect(availability([at(91), at(1)], limit, now)).toMatchObject({ used: 1, full: false });
  });

  it("says when a full customer is next available: when the oldest counting use leaves the window", () => {
    const result = availability([{ requestedAt: daysAgo(89), status: "agreed" }, { requestedAt: daysAgo(10), status: "pending" }], limit, now);
    expect(result.nextAvailableAt).toEqual(new Date(daysAgo(89).getTime() + 90 * DAY));
    expect(result.nextAvailableAt.getTime() - now.getTime()).toBe(DAY);
    // With three counting uses (one went past by override), two must age out: the second oldest decides.
    const three = availability([daysAgo(80), daysAgo(50), daysAgo(5)].map((requestedAt) => ({ requestedAt, status: "agreed" as const })), limit, now);
    expect(three).toMatchObject({ used: 3, full: true });
    expect(three.nextAvailableAt).toEqual(new Date(daysAgo(50).getTime() + 90 * DAY));
    expect(availability([], limit, now)).toMatchObject({ used: 0, full: false, nextAvailableAt: now });
  });

  it("does not count declined or cancelled requests", () => {
    const uses: Use[] = [
      { requestedAt: daysAgo(3), status: "declined" },
      { requestedAt: daysAgo(2), status: "cancelled" },
      { requestedAt: daysAgo(1), status: "pending" },
    ];
    expect(availability(uses, limit, now)).toMatchObject({ used: 1, full: false });
  });

  it("refuses past the limit unless an admin gives a reason", () => {
    const full = availability([daysAgo(5), daysAgo(4)].map((requestedAt) => ({ requestedAt, status: "agreed" as const })), limit, now);
    expect(mayRequest(full, { role: "pm", reason: "big deal" })).toMatchObject({ allowed: false });
    expect(mayRequest(full, { role: "admin", reason: "  " })).toMatchObject({ allowed: false });
    expect(mayRequest(full, { role: "admin", reason: "The CEO asked" })).toEqual({ allowed: true, overridden: true });
    const open = availability([], limit, now);
    expect(mayRequest(open, { role: "pm", reason: "" })).toEqual({ allowed: true, overridden: false });
  });
});
