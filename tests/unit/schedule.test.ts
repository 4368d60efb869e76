import { describe, expect, it } from "vitest";
import { addDays, answerBy, closeDateStatus, dueCloseReminder, spokenDate } from "~/modules/rounds/schedule";

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

describe("the date users and buyers are asked to answer by", () => {
  const now = new Date("2026-12-01T15:00:00Z");
  it.each([
    ["2026-12-18", "Please answer by Friday 18 December."],
    ["2026-12-02", "Please answer by Wednesday 2 December."],
    ["2026-12-01", "Please answer by today, Tuesday 1 December."],
    ["2027-01-08", "Please answer by Friday 8 January 2027."],
    ["2026-11-30", "Please answer as soon as you can: this round was planned to close on Monday 30 November."],
  ])("closing on %s", (closesOn, line) => expect(answerBy(closesOn, now)).toBe(line));
  it("says nothing for a round without a date", () => expect(answerBy(null, now)).toBeNull());
  it("reads the day in UTC, as the date is stored", () => expect(spokenDate("2026-12-18", new Date("2026-12-31T23:59:59Z"))).toBe("Friday 18 December"));
});

describe("the reminder before a planned close that is due", () => {
  it.each([
    ["2026-12-14T23:59:59Z", null],
    ["2026-12-15T07:59:59Z", null],
    ["2026-12-15T08:00:00Z", 3],
    ["2026-12-16T12:00:00Z", 3],
    ["2026-12-17T07:59:59Z", 3],
    ["2026-12-17T08:00:00Z", 1],
    ["2026-12-18T23:59:59Z", 1],
    ["2026-12-19T00:00:00Z", null],
    ["2026-12-25T09:00:00Z", null],
  ])("closing on Friday 18 December, at %s", (now, due) => expect(dueCloseReminder("2026-12-18", new Date(now))).toBe(due));
});
