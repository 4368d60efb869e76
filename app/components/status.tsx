import { Badge } from "~/components/ui/page";

const customerTone = { enrolled: "blue", active: "green", withdrawn: "gray" } as const;
const customerLabel = { enrolled: "Enrolled", active: "Active", withdrawn: "Withdrawn" } as const;

export function CustomerStatusBadge({ status }: { status: keyof typeof customerTone }) {
  return <Badge tone={customerTone[status]}>{customerLabel[status]}</Badge>;
}

export const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export const formatDate = (value: string | Date) => dateFormat.format(new Date(value));
