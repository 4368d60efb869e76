/**
 * Specials and market needs (PRODUCT.md, "Learning across customers"): a theme raised by at most
 * `specialMaxCustomers` customers wins contracts, not a market; one raised by at least half the
 * program's active customers is the market's. Pure, so the edges are tested without a database.
 */
export type ThemeReach = "market" | "special" | "some" | "none";

export function classifyTheme({ customers, activeCustomers, specialMaxCustomers }: { customers: number; activeCustomers: number; specialMaxCustomers: number }): ThemeReach {
  if (customers <= 0) return "none";
  // Half or more of a program is the market even when the program is small (2 of 4 with threshold 2).
  if (activeCustomers > 0 && customers * 2 >= activeCustomers) return "market";
  if (customers <= specialMaxCustomers) return "special";
  return "some";
}

/** "Birch Ltd", "Birch Ltd and Cedar Inc", "Birch Ltd, Cedar Inc and Dune AG". */
export function namesInWords(names: string[]) {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The special's warning, in plain words, naming who asked. */
export function specialWarning(customerNames: string[]) {
  const n = customerNames.length;
  return `Only ${namesInWords(customerNames)} asked for this: building it wins ${n === 1 ? "one contract" : `${n} contracts`}, not a market.`;
}

export const reachLabel: Record<ThemeReach, string> = { market: "Market need", special: "Special", some: "Several customers", none: "Not tagged yet" };
