import { z } from "~/utils/zod";
import { optionalText } from "~/utils/schema-fields";
import { FEEDBACK_SOURCES } from "./feedback-items";

const chooseTheme = "Choose a theme, or give a new one a title.";

/** Where a tagging form sends the PM back after a post without JavaScript: a page of the same program. */
const returnTo = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => v ?? "");

/**
 * The tagging forms beside each piece of feedback and the themes page's status form. One schema
 * for form and server: an existing theme, or a new one (kind and short title).
 */
export const themeActionSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("tag"),
      source: z.enum(FEEDBACK_SOURCES, { error: "Choose the feedback to tag." }),
      sourceId: z.uuid({ error: "Choose the feedback to tag." }),
      taskId: z.uuid({ error: "Choose the feedback to tag." }).optional(),
      themeId: z.uuid({ error: chooseTheme }).optional(),
      kind: z.enum(["problem", "request"], { error: "Say whether the new theme is a problem or a request." }).optional(),
      title: optionalText(80, "the title"),
      returnTo,
    })
    .superRefine((value, ctx) => {
      if (!value.themeId && !value.title) ctx.addIssue({ code: "custom", path: ["themeId"], message: chooseTheme });
      if (value.themeId && value.title) ctx.addIssue({ code: "custom", path: ["title"], message: "Either choose a theme or give a new title, not both." });
      if (!value.themeId && value.title && !value.kind) ctx.addIssue({ code: "custom", path: ["kind"], message: "Say whether the new theme is a problem or a request." });
    }),
  z.object({ intent: z.literal("untag"), tagId: z.uuid({ error: "Choose the tag to remove." }), returnTo }),
  z
    .object({
      intent: z.literal("set-status"),
      themeId: z.uuid({ error: "Choose a theme." }),
      status: z.enum(["open", "addressed", "wont_do"], { error: "Choose the theme's status." }),
      addressedRoundId: z.uuid({ error: "Choose the round that addressed it." }).optional(),
      wontDoReason: optionalText(500, "the reason"),
    })
    .superRefine((value, ctx) => {
      if (value.status === "addressed" && !value.addressedRoundId) ctx.addIssue({ code: "custom", path: ["addressedRoundId"], message: "Choose the round that addressed it." });
      if (value.status === "wont_do" && !value.wontDoReason) ctx.addIssue({ code: "custom", path: ["wontDoReason"], message: "Say why it won't be done: the customers who raised it will ask." });
    }),
]);
export type ThemeAction = z.infer<typeof themeActionSchema>;

export const themeStatusLabel = { open: "Open", addressed: "Addressed", wont_do: "Won't do" } as const;
export const themeKindLabel = { problem: "Problem", request: "Request" } as const;
export const channelLabel = { users: "Users", buyers: "Buyers", gatekeepers: "Gatekeepers" } as const;
