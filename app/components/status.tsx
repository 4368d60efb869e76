import { Badge } from "~/components/ui/page";

const customerTone = { enrolled: "blue", active: "green", withdrawn: "gray" } as const;
const customerLabel = { enrolled: "Enrolled", active: "Active", withdrawn: "Withdrawn" } as const;

export function CustomerStatusBadge({ status }: { status: keyof typeof customerTone }) {
  return <Badge tone={customerTone[status]}>{customerLabel[status]}</Badge>;
}

export const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export const formatDate = (value: string | Date) => dateFormat.format(new Date(value));

export const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
export const formatDateTime = (value: string | Date) => dateTimeFormat.format(new Date(value));
