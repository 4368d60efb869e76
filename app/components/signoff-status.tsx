import { Badge } from "~/components/ui/page";

const tone = { not_sent: "gray", sent: "blue", opened: "blue", approved: "green", declined: "red", expired: "amber", failed: "red" } as const;
const label = { not_sent: "Not sent", sent: "Sent", opened: "Opened", approved: "Approved", declined: "Declined", expired: "Expired", failed: "Email failed" } as const;

export function SignoffStateBadge({ state }: { state: keyof typeof tone }) {
  return <Badge tone={tone[state]}>{label[state]}</Badge>;
}
