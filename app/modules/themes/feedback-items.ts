/** Where a piece of feedback comes from (theme_tags.source); each belongs to one channel. */
export const FEEDBACK_SOURCES = ["user_comment", "task_comment", "buyer_conditions", "buyer_decline", "gatekeeper_conditions", "gatekeeper_veto", "gatekeeper_note"] as const;
export type FeedbackSource = (typeof FEEDBACK_SOURCES)[number];
export type FeedbackChannel = "users" | "buyers" | "gatekeepers";

/** The anchor of an item on its page, so a tag's post-redirect-get lands back on it. */
export const feedbackAnchor = (item: { source: string; sourceId: string; taskId: string | null }) => `fb-${item.source}-${item.sourceId}${item.taskId ? `-${item.taskId}` : ""}`;
