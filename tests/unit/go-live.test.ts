import { describe, expect, it } from "vitest";
import { compareWithWillingness, liveAtLaunch } from "~/modules/golive/compare";
import { goLiveSchema } from "~/modules/golive/golive.schema";
import { describeGoLiveEvent } from "~/modules/golive/history";

const agreed = { amount: 18000, currency: "EUR" };

describe("the agreement against the buyer's willingness to pay", () => {
  it("compares amounts in the same currency as a percentage", () => {
    expect(compareWithWillingness(agreed, { willingnessToPay: "amount", wtpAmount: 20000, wtpCurrency: "EUR" })).toEqual({
      text: "Agreed 18,000 EUR/yr — the buyer said they would pay 20,000 EUR (90%)",
      tone: "amber",
    });
    expect(compareWithWillingness({ amount: 24000.5, currency: "EUR" }, { willingnessToPay: "amount", wtpAmount: 20000, wtpCurrency: "EUR" }).text).toBe(
      "Agreed 24,000.5 EUR/yr — the buyer said they would pay 20,000 EUR (120%)",
    );
  });

  it("says so instead of comparing amounts in different currencies", () => {
    expect(compareWithWillingness(agreed, { willingnessToPay: "amount", wtpAmount: 20000, wtpCurrency: "USD" }).text).toBe(
      "Agreed 18,000 EUR/yr — the buyer said they would pay 20,000 USD: a different currency, so the two are not compared",
    );
  });

  it("names the other answers: as proposed, no figure, no standing approval, nothing agreed yet", () => {
    expect(compareWithWillingness(agreed, { willingnessToPay: "as_proposed", wtpAmount: null, wtpCurrency: null }).text).toBe("Agreed 18,000 EUR/yr — the buyer said they would pay as proposed in the business case");
    expect(compareWithWillingness(agreed, { willingnessToPay: "none", wtpAmount: null, wtpCurrency: null }).text).toBe("Agreed 18,000 EUR/yr — the buyer gave no figure");
    // The question is optional: a buyer who skipped it gave no figure either.
    expect(compareWithWillingness(agreed, { willingnessToPay: null, wtpAmount: null, wtpCurrency: null }).text).toBe("Agreed 18,000 EUR/yr — the buyer gave no figure");
    expect(compareWithWillingness(agreed, null).text).toBe("Agreed 18,000 EUR/yr — no standing approval from the buyer to compare with");
    expect(compareWithWillingness({ amount: null, currency: null }, { willingnessToPay: "amount", wtpAmount: 20000, wtpCurrency: "EUR" }).text).toBe("No amount agreed yet — the buyer said they would pay 20,000 EUR");
  });
});

describe("referenceable customers live at launch", () => {
  const customers = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum"].map((name, i) => ({ customerId: `c${i}`, name, referenceable: name !== "Gum" }));
  const today = "2026-12-02";

  it("counts the live ones among the referenceable and names the next planned go-live", () => {
    const goLives = [
      { customerId: "c0", plannedOn: null, liveOn: "2026-11-20" },
      { customerId: "c2", plannedOn: "2026-11-01", liveOn: "2026-11-03" },
      { customerId: "c3", plannedOn: null, liveOn: "2026-12-01" },
      { customerId: "c4", plannedOn: null, liveOn: "2026-12-02" },
      { customerId: "c1", plannedOn: "2027-01-12", liveOn: null },
      { customerId: "c5", plannedOn: "2027-02-01", liveOn: null },
      // Not referenceable: live, but not counted.
      { customerId: "c6", plannedOn: null, liveOn: "2026-10-01" },
    ];
    const result = liveAtLaunch({ target: 6, customers, goLives, today });
    expect(result).toMatchObject({ referenceable: 6, live: 4, target: 6, short: true, next: { name: "Birch", plannedOn: "2027-01-12", late: false } });
    expect(result.sentence).toBe("6 referenceable, 4 live — Birch goes live on 12 Jan 2027");
  });

  it("says this year's dates without the year, today as today, and a past plan as late", () => {
    const soon = liveAtLaunch({ target: 2, customers: customers.slice(0, 2), goLives: [{ customerId: "c1", plannedOn: "2026-12-24", liveOn: null }], today });
    expect(soon.sentence).toBe("2 referenceable, 0 live — Birch goes live on 24 Dec");
    expect(liveAtLaunch({ target: 2, customers: customers.slice(0, 2), goLives: [{ customerId: "c0", plannedOn: today, liveOn: null }], today }).sentence).toBe("2 referenceable, 0 live — Alder goes live today");
    const late = liveAtLaunch({ target: 2, customers: customers.slice(0, 2), goLives: [{ customerId: "c0", plannedOn: "2026-11-30", liveOn: null }, { customerId: "c1", plannedOn: "2026-12-10", liveOn: null }], today });
    expect(late.sentence).toBe("2 referenceable, 0 live — Alder was planned to go live on 30 Nov");
    expect(late.next?.late).toBe(true);
  });

  it("without a plan says how many have none; with all live, nothing more; at the target, not short", () => {
    expect(liveAtLaunch({ target: 3, customers: customers.slice(0, 3), goLives: [{ customerId: "c0", plannedOn: null, liveOn: "2026-11-01" }], today }).sentence).toBe("3 referenceable, 1 live — no go-live planned for the other 2");
    const all = liveAtLaunch({ target: 2, customers: customers.slice(0, 2), goLives: [{ customerId: "c0", plannedOn: null, liveOn: "2026-11-01" }, { customerId: "c1", plannedOn: null, liveOn: "2026-11-02" }], today });
    expect(all).toMatchObject({ sentence: "2 referenceable, 2 live", short: false, next: null });
    expect(liveAtLaunch({ target: 6, customers: [], goLives: [], today })).toMatchObject({ sentence: "0 referenceable, 0 live", short: true });
  });
});

describe("the go-live form", () => {
  const schema = goLiveSchema("2026-12-02");
  const parse = (fields: Record<string, string>) => schema.safeParse({ intent: "save-go-live", ...fields });
  const messages = (fields: Record<string, string>) => {
    const result = parse(fields);
    return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("takes real dates, a live date up to today, seats and an amount with its currency", () => {
    const result = parse({ plannedOn: "2027-01-12", liveOn: "2026-12-02", agreementPlan: " Pro ", agreementSeats: "40", agreementAmount: "18,000", agreementCurrency: "eur", agreementSignedOn: "2026-11-30" });
    expect(result.success && result.data).toEqual({ intent: "save-go-live", plannedOn: "2027-01-12", liveOn: "2026-12-02", agreementPlan: "Pro", agreementSeats: 40, agreementAmount: 18000, agreementCurrency: "EUR", agreementSignedOn: "2026-11-30" });
    expect(parse({}).success && parse({}).data).toEqual({ intent: "save-go-live", plannedOn: null, liveOn: null, agreementPlan: "", agreementSeats: null, agreementAmount: null, agreementCurrency: null, agreementSignedOn: null });
  });

  it("refuses dates that do not exist, a live date in the future, seats below one and an amount without its currency", () => {
    expect(messages({ plannedOn: "2027-02-30" })).toEqual({ plannedOn: "The planned go-live is not a real date." });
    expect(messages({ plannedOn: "next week" })).toEqual({ plannedOn: "Enter the planned go-live as a date, like 2027-01-12." });
    expect(messages({ plannedOn: "1999-12-31" })).toEqual({ plannedOn: "Enter the planned go-live between the years 2000 and 2099." });
    expect(messages({ liveOn: "2026-12-03" })).toEqual({ liveOn: "A customer cannot be live in the future: plan that date as the go-live instead." });
    expect(messages({ agreementSignedOn: "2027-01-01" })).toEqual({ agreementSignedOn: "The agreement cannot be signed in the future." });
    expect(messages({ agreementSeats: "0" })).toEqual({ agreementSeats: "Seats must be at least 1." });
    expect(messages({ agreementSeats: "2.5" })).toEqual({ agreementSeats: "Enter the number of seats as a whole number, like 40." });
    expect(messages({ agreementAmount: "18000" })).toEqual({ agreementCurrency: "Enter the currency of the amount, like EUR." });
    expect(messages({ agreementCurrency: "EUR" })).toEqual({ agreementAmount: "Enter the amount per year in this currency, or clear the currency." });
    expect(messages({ agreementAmount: "-5", agreementCurrency: "EUR" })).toEqual({ agreementAmount: "Enter an amount above zero." });
    expect(messages({ agreementAmount: "1e3", agreementCurrency: "EURO" })).toEqual({ agreementAmount: "Enter an amount per year, like 18000.", agreementCurrency: "Enter a three-letter currency code, like EUR or USD." });
  });
});

describe("go-live history in words", () => {
  it("lists what changed, with the amount in its currency", () => {
    const details = {
      changes: { plannedOn: { from: "2027-01-05", to: "2027-01-12" }, agreementAmount: { from: null, to: 18000 }, agreementCurrency: { from: null, to: "EUR" }, agreementSeats: { from: null, to: 40 } },
      after: { agreementCurrency: "EUR" },
    };
    expect(describeGoLiveEvent("go_live.saved", details, " by Pat")).toBe("Go-live and agreement updated by Pat: planned go-live 12 Jan 2027 (was 5 Jan 2027); 18,000 EUR a year; 40 seats");
    expect(describeGoLiveEvent("go_live.saved", { changes: { liveOn: { from: "2026-12-01", to: null } }, after: {} }, "")).toBe("Go-live and agreement updated: live date cleared");
    expect(describeGoLiveEvent("go_live.marked_live", { changes: { liveOn: { from: null, to: "2026-12-02" } }, after: {} }, " by Pat")).toBe("Marked live by Pat on 2 Dec 2026");
  });
});
