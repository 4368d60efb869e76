import { formatDateTime } from "~/components/status";
import { Badge } from "~/components/ui/page";

export type EmailState = "queued" | "sending" | "retrying" | "sent" | "failed" | "bounced";

const tone = { queued: "gray", sending: "blue", retrying: "amber", sent: "green", failed: "red", bounced: "red" } as const;
const label = { queued: "Queued", sending: "Sending", retrying: "Retrying", sent: "Sent", failed: "Email failed", bounced: "Email bounced" } as const;

/**
 * An outbox email's state for a PM. A failed attempt with retries left is "retrying" with the next
 * attempt's time (the email service may be down for hours); "failed" comes only after the last one.
 */
export function EmailStateBadge({ state, nextAttemptAt }: { state: EmailState; nextAttemptAt?: string | Date | null }) {
  return <Badge tone={tone[state]}>{state === "retrying" && nextAttemptAt ? `Email retrying, next attempt ${formatDateTime(nextAttemptAt)}` : label[state]}</Badge>;
}
