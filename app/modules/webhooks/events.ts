/** The events a webhook endpoint can receive: the type in the payload and what the admin reads. */
export const webhookEventTypes = ["signoff.decided", "consent.changed", "round.opened", "round.closed", "readiness.changed", "program.launched"] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const webhookEventLabels: Record<WebhookEventType, string> = {
  "signoff.decided": "Sign-off decided (a buyer approved or declined)",
  "consent.changed": "Reference consent changed (given with an approval, or withdrawn)",
  "round.opened": "Round opened",
  "round.closed": "Round closed at the gate",
  "readiness.changed": "Readiness changed (who is referenceable)",
  "program.launched": "Program launched",
};

/** The type of the event the "send a test event" button sends; no endpoint subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";

/** The version of every payload's shape; a breaking change to `data` raises it. */
export const PAYLOAD_VERSION = 1;
