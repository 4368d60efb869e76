import { describe, expect, it } from "vitest";
import { addDays, closeDateStatus } from "~/modules/rounds/schedule";

describe("a round's planned close date against today", () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    ["2026-12-15", "2026-12-01T09:00:00Z", 14, false, "14 days left"],
    ["2026-12-02", "2026-12-01T23:59:59Z", 1, false, "1 day left"],
    ["2026-12-01", "2026-12-01T00:00:00Z", 0, false, "closes today"],
    ["2026-12-01", "2026-12-02T00:00:01Z", -1, true, "1 day past its planned close"],
    ["2026-11-28", "2026-12-01T12:00:00Z", -3, true, "3 days past its planned close"],
  ])("closing on %s, seen at %s", (closesOn, now, daysLeft, overdue, label) => {
    expect(closeDateStatus(closesOn, at(now))).toEqual({ closesOn, daysLeft, overdue, label });
  });
  it("says nothing for a round without a date", () => expect(closeDateStatus(null, at("2026-12-01T00:00:00Z"))).toBeNull());
  it("adds calendar days across a month's end", () => expect(addDays("2026-12-25", 14)).toBe("2027-01-08"));
});
