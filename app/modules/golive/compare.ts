/**
 * Live at launch (PRODUCT.md, "Live at launch"): the agreement reached against what the buyer said
 * they would pay, and how many referenceable customers are live against the target. Pure: the
 * rows come from golive.server.ts, "today" from the caller's clock.
 */

export type Agreement = { amount: number | null; currency: string | null };
/** The willingness to pay in the buyer's standing approval; null when no approval stands. */
export type WillingnessToPay = { willingnessToPay: "as_proposed" | "amount" | "none" | null; wtpAmount: number | null; wtpCurrency: string | null } | null;

const amountFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });
export const formatAmount = (amount: number, currency: string) => `${amountFormat.format(amount)} ${currency}`;

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dayMonthFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
/** "12 Jan", with the year only when it is not this year's. */
export const formatDay = (day: string, today: string) => (day.slice(0, 4) === today.slice(0, 4) ? dayMonthFormat : dayFormat).format(new Date(Date.parse(day)));

export type Comparison = { text: string; tone: "gray" | "green" | "amber" };

/**
 * "Agreed 18,000 EUR/yr — the buyer said they would pay 20,000 EUR (90%)". Amounts in different
 * currencies are not compared: there is no rate to compare them at that both sides agreed to.
 */
export function compareWithWillingness(agreement: Agreement, wtp: WillingnessToPay): Comparison {
  const agreed = agreement.amount !== null && agreement.currency ? `Agreed ${formatAmount(agreement.amount, agreement.currency)}/yr` : "No amount agreed yet";
  if (!wtp) return { text: `${agreed} — no standing approval from the buyer to compare with`, tone: "gray" };
  if (wtp.willingnessToPay === "as_proposed") return { text: `${agreed} — the buyer said they would pay as proposed in the business case`, tone: "gray" };
  if (wtp.willingnessToPay !== "amount" || wtp.wtpAmount === null || !wtp.wtpCurrency) return { text: `${agreed} — the buyer gave no figure`, tone: "gray" };
  const said = `the buyer said they would pay ${formatAmount(wtp.wtpAmount, wtp.wtpCurrency)}`;
  if (agreement.amount === null || !agreement.currency) return { text: `${agreed} — ${said}`, tone: "gray" };
  if (agreement.currency !== wtp.wtpCurrency) return { text: `${agreed} — ${said}: a different currency, so the two are not compared`, tone: "amber" };
  const percent = Math.round((agreement.amount / wtp.wtpAmount) * 100);
  return { text: `${agreed} — ${said} (${percent}%)`, tone: percent >= 100 ? "green" : "amber" };
}

export type GoLiveDates = { customerId: string; plannedOn: string | null; liveOn: string | null };

export type LiveAtLaunch = {
  referenceable: number;
  live: number;
  target: number;
  /** Fewer referenceable customers are live than the target: launching asks for a confirmation. */
  short: boolean;
  /** The next planned go-live among referenceable customers not yet live. */
  next: { customerId: string; name: string; plannedOn: string; late: boolean } | null;
  /** "6 referenceable, 4 live — Birch goes live on 12 Jan". */
  sentence: string;
  /** Per referenceable customer, for the launch panel's list. */
  customers: { customerId: string; name: string; plannedOn: string | null; liveOn: string | null }[];
};

/** How many referenceable customers are live, against the target, and who goes live next. */
export function liveAtLaunch({ target, customers, goLives, today }: { target: number; customers: { customerId: string; name: string; referenceable: boolean }[]; goLives: GoLiveDates[]; today: string }): LiveAtLaunch {
  const byCustomer = new Map(goLives.map((g) => [g.customerId, g]));
  const referenceable = customers
    .filter((c) => c.referenceable)
    .map((c) => ({ customerId: c.customerId, name: c.name, plannedOn: byCustomer.get(c.customerId)?.plannedOn ?? null, liveOn: byCustomer.get(c.customerId)?.liveOn ?? null }));
  const live = referenceable.filter((c) => c.liveOn !== null).length;
  const waiting = referenceable.filter((c) => c.liveOn === null);
  const planned = waiting.filter((c) => c.plannedOn !== null).sort((a, b) => a.plannedOn!.localeCompare(b.plannedOn!) || a.name.localeCompare(b.name));
  const first = planned[0];
  const next = first ? { customerId: first.customerId, name: first.name, plannedOn: first.plannedOn!, late: first.plannedOn! < today } : null;
  const head = `${referenceable.length} referenceable, ${live} live`;
  const tail = next
    ? next.late
      ? ` — ${next.name} was planned to go live on ${formatDay(next.plannedOn, today)}`
      : ` — ${next.name} goes live ${next.plannedOn === today ? "today" : `on ${formatDay(next.plannedOn, today)}`}`
    : waiting.length > 0
      ? ` — no go-live planned for the other ${waiting.length === 1 ? "one" : waiting.length}`
      : "";
  return { referenceable: referenceable.length, live, target, short: live < target, next, sentence: head + tail, customers: referenceable };
}
