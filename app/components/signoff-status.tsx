import { Badge } from "~/components/ui/page";

const tone = { not_sent: "gray", sent: "blue", opened: "blue", pending: "blue", approved: "green", declined: "red", expired: "amber", retrying: "amber", failed: "red", bounced: "red", superseded: "amber" } as const;
const label = { not_sent: "Not sent", sent: "Sent", opened: "Opened", pending: "Pending", approved: "Approved", declined: "Declined", expired: "Expired", retrying: "Email retrying", failed: "Email failed", bounced: "Email bounced", superseded: "Superseded" } as const;

/** A sign-off request's state (PM's view) or the valuable test's verdict. */
export function SignoffStateBadge({ state }: { state: keyof typeof tone }) {
  return <Badge tone={tone[state]}>{label[state]}</Badge>;
}
