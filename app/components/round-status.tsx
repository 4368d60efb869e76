import { Badge } from "~/components/ui/page";

export function RoundStatusBadge({ status, outcome }: { status: "draft" | "open" | "closed"; outcome: "passed" | "iterate" | null }) {
  if (status === "draft") return <Badge>Draft</Badge>;
  if (status === "open") return <Badge tone="blue">Open</Badge>;
  return <Badge tone={outcome === "passed" ? "green" : "amber"}>{outcome === "passed" ? "Closed · passed" : "Closed · iterate"}</Badge>;
}

const verdictTone = { pass: "green", fail: "red", not_enough_data: "gray" } as const;
const verdictLabel = { pass: "Usable", fail: "Not usable yet", not_enough_data: "Not enough data" } as const;

export function UsableBadge({ state }: { state: keyof typeof verdictTone }) {
  return <Badge tone={verdictTone[state]}>{verdictLabel[state]}</Badge>;
}

export const percent = (ratio: number | null) => (ratio === null ? "—" : `${Math.round(ratio * 1000) / 10}%`);
export const oneDecimal = (n: number | null) => (n === null ? "—" : (Math.round(n * 10) / 10).toString());
