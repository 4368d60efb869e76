import { formatAmount } from "./compare";

/** The audit actions of the go-live section, as the customer's timeline lists them. */
export const GO_LIVE_ACTIONS = ["go_live.saved", "go_live.marked_live"] as const;

type Change = { from: unknown; to: unknown };
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const day = (v: unknown) => (typeof v === "string" && v ? dayFormat.format(new Date(Date.parse(v))) : null);

/** One change in words: "planned go-live 12 Jan 2027 (was 5 Jan 2027)", "live date cleared". */
function describeChange(field: string, { from, to }: Change, changes: Record<string, Change>, after: Record<string, unknown>): string | null {
  const was = (text: string | null) => (text ? ` (was ${text})` : "");
  switch (field) {
    case "plannedOn":
      return to ? `planned go-live ${day(to)}${was(day(from))}` : "planned go-live cleared";
    case "liveOn":
      return to ? `live since ${day(to)}${was(day(from))}` : "live date cleared";
    case "agreementPlan":
      return to ? `plan “${String(to)}”` : "plan cleared";
    case "agreementSeats":
      return to ? `${String(to)} seats` : "seats cleared";
    case "agreementAmount": {
      const currency = typeof after.agreementCurrency === "string" ? after.agreementCurrency : null;
      return typeof to === "number" && currency ? `${formatAmount(to, currency)} a year` : "amount cleared";
    }
    case "agreementCurrency":
      // Said with the amount, unless only the currency changed.
      return changes.agreementAmount ? null : to ? `currency ${String(to)}` : null;
    case "agreementSignedOn":
      return to ? `agreement signed ${day(to)}` : "signing date cleared";
    default:
      return null;
  }
}

/** A go-live audit row in the customer's timeline: "Go-live updated by Pat: planned go-live 12 Jan 2027". */
export function describeGoLiveEvent(action: string, details: Record<string, unknown>, by: string): string {
  const changes = (details.changes ?? {}) as Record<string, Change>;
  const after = (details.after ?? {}) as Record<string, unknown>;
  const list = Object.entries(changes)
    .map(([field, change]) => describeChange(field, change, changes, after))
    .filter((text): text is string => !!text);
  if (action === "go_live.marked_live") return `Marked live${by}${changes.liveOn?.to ? ` on ${day(changes.liveOn.to)}` : ""}`;
  return `Go-live and agreement updated${by}${list.length ? `: ${list.join("; ")}` : ""}`;
}
