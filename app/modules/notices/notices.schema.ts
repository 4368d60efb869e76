import { z } from "~/utils/zod";

export const markReadSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), noticeId: z.uuid("That notice does not exist.") }),
  z.object({ intent: z.literal("read-all") }),
]);

export const noticeEmailSchema = z.object({
  email: z.enum(["each", "digest", "none"], { error: "Choose an email for each notice, a daily digest or none." }),
});

export type NoticeEmailChoice = z.infer<typeof noticeEmailSchema>["email"];

/** Slack's incoming webhook addresses; anything else would post notices somewhere unknown. */
const SLACK_WEBHOOK = /^https:\/\/hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9_\-/]+$/;

export const slackChannelSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("connect"),
    url: z
      .string({ error: "Paste the incoming webhook URL from Slack." })
      .trim()
      .max(500, "That is longer than any Slack webhook URL.")
      .regex(SLACK_WEBHOOK, "Paste a Slack incoming webhook URL: it starts with https://hooks.slack.com/services/."),
  }),
  z.object({ intent: z.literal("disconnect") }),
]);
