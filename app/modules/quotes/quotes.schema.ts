import { z } from "~/utils/zod";
import { optionalText } from "~/utils/schema-fields";

const uuid = (message: string) => z.uuid({ error: message });

/** The PM's quote actions on the customer page, by intent. */
export const quoteActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("ask-quote"), contactId: uuid("Choose the champion to ask.") }),
  z.object({
    intent: z.literal("propose-quote"),
    // "<response id>:confusing", "<response id>:missing" or "<response id>:task:<task id>": the server reads the words itself.
    comment: z
      .string({ error: "Choose a comment to propose." })
      .regex(/^[0-9a-f-]{36}:(confusing|missing|task:[0-9a-f-]{36})$/i, "Choose a comment to propose."),
  }),
  z.object({ intent: z.literal("withdraw-quote"), quoteId: uuid("This quote is not there any more; reload the page.") }),
  z.object({ intent: z.literal("resend-quote"), quoteId: uuid("This quote is not there any more; reload the page.") }),
  z.object({ intent: z.literal("revoke-quote"), quoteId: uuid("This quote is not there any more; reload the page.") }),
]);
export type QuoteAction = z.infer<typeof quoteActionSchema>;
export const quoteIntents = new Set(["ask-quote", "propose-quote", "withdraw-quote", "resend-quote", "revoke-quote"]);

/** What the champion's and the buyer's page post: the intent says which link the form belongs to. */
export const quoteAnswerSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("give"),
      text: z
        .string({ error: "Write your quote." })
        .trim()
        .min(2, "Write your quote.")
        .max(1000, "Keep the quote under 1000 characters."),
      attribution: z
        .string({ error: "Say how you want to be named." })
        .trim()
        .min(2, "Say how you want to be named.")
        .max(200, "Keep the name under 200 characters."),
    }),
    z.object({
      intent: z.literal("approve"),
      decision: z.enum(["approve", "reject"], { error: "Choose whether you approve the quote for public use." }),
      note: optionalText(1000, "the note"),
      signatureName: z
        .string({ error: "Type your full name to sign." })
        .trim()
        .min(2, "Type your full name to sign.")
        .max(200, "Keep your name under 200 characters."),
    }),
  ],
  { error: "This form is out of date; reload the page." },
);
export type QuoteAnswer = z.infer<typeof quoteAnswerSchema>;
