import { z } from "~/utils/zod";
import { decimalNumber, optionalText } from "~/utils/schema-fields";

export const roundSchema = z.object({
  title: z.string({ error: "Give the round a title." }).trim().min(1, "Give the round a title.").max(120, "Keep the title under 120 characters."),
  prototypeUrl: z
    .string()
    .trim()
    .max(500, "Keep the link under 500 characters.")
    .optional()
    .transform((v) => v ?? "")
    .refine((v) => v === "" || (URL.canParse(v) && /^https?:/i.test(v)), "Enter the prototype's full web address, starting with https://."),
  version: optionalText(40, "the version"),
  testerNotes: optionalText(2000, "the notes"),
  /** Optional (rounds planned before dates existed have none); the form suggests two weeks out. */
  closesOn: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), "Enter a date, like 2026-12-15."),
  minResponses: decimalNumber("Enter a number.").pipe(z.number().int("Enter a whole number.").min(1, "At least 1 response.").max(50, "At most 50.")),
  minSus: decimalNumber("Enter a score from 0 to 100.").pipe(z.number().min(0, "SUS runs from 0 to 100.").max(100, "SUS runs from 0 to 100.")),
  /** Entered as a percentage; stored as a ratio. */
  minTaskCompletionPct: decimalNumber("Enter a percentage.").pipe(z.number().min(0, "Enter a percentage from 0 to 100.").max(100, "Enter a percentage from 0 to 100.")),
});
/** A round's fields; the close date may be left out by callers that plan no date (tests, scripts). */
export type RoundInput = Omit<z.infer<typeof roundSchema>, "closesOn"> & { closesOn?: string | null };

/** A new round may start with the previous round's tasks (a checkbox, on by default). */
export const newRoundSchema = roundSchema.extend({ copyTasks: z.boolean().optional() });

export const taskSchema = z.object({
  intent: z.literal("add-task"),
  instruction: z.string({ error: "Write what the user should try." }).trim().min(1, "Write what the user should try.").max(300, "Keep it under 300 characters."),
  successCriteria: optionalText(300, "the success criteria"),
});

const reviewFirst = "Review whom the round will email before opening it.";

export const taskActionSchema = z.discriminatedUnion("intent", [
  taskSchema,
  z.object({ intent: z.literal("remove-task"), taskId: z.uuid({ error: "Choose a task." }) }),
  z.object({ intent: z.literal("move-task"), taskId: z.uuid({ error: "Choose a task." }), direction: z.enum(["up", "down"]) }),
  // The fingerprint of the people the confirm step showed (opening.server.ts): no open unreviewed.
  z.object({ intent: z.literal("open-round"), invitees: z.string({ error: reviewFirst }).trim().min(1, reviewFirst).max(64, reviewFirst) }),
  z.object({ intent: z.literal("remind") }),
  z.object({ intent: z.literal("send-all-signoffs") }),
  z.object({
    intent: z.literal("close-round"),
    outcome: z.enum(["passed", "iterate"], { error: "Choose how the round closes." }),
    note: optionalText(3000),
    /** An iterate close may cite the program's themes as what was learned (round_learnings). */
    learnedThemeIds: z.array(z.uuid({ error: "Cite only this program's themes." })).max(50).optional(),
  }),
  z.object({ intent: z.literal("resend-link"), contactId: z.uuid({ error: "Choose a user." }) }),
]);
