/** The requirements matrix's words, pure (matrix.server.ts reads the rows). */

export type MatrixMark = "met" | "needs_work" | "blocker" | "unanswered";

/**
 * Which requirements are market-wide and which are one customer's: blocked or needing work at one
 * customer only is that customer's; at half the customers or more, the market's.
 */
export type RequirementReach = "none" | "one_customer" | "several" | "market_wide";

export function reachOf(raised: number, customers: number): RequirementReach {
  if (raised === 0) return "none";
  if (customers > 1 && raised * 2 >= customers) return "market_wide";
  return raised === 1 ? "one_customer" : "several";
}
