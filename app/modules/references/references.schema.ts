import { z } from "~/utils/zod";
import { optionalText } from "~/utils/schema-fields";
import { referenceKind } from "#db/schema";

const required = (message: string, max: number) => z.string({ error: message }).trim().min(1, message).max(max, `Keep it under ${max} characters.`);
const kindField = z.enum(referenceKind.enumValues, { error: "Choose what the reference is for." });

/** A member's request to use a referenceable customer as a reference. */
export const referenceRequestSchema = z.object({
  customerId: z.uuid({ error: "Choose the customer." }),
  kind: kindField,
  requester: required("Say who asks (a name, say the sales rep's).", 120),
  purpose: required("Say for which prospect or purpose.", 500),
  // Whom to ask: the colleague the buyer named (the buyer when nobody was named), or the buyer.
  ask: z.enum(["named", "buyer"]).default("named"),
  neededBy: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), "Enter a date, like 2027-01-31."),
  // Only an admin may go past the program's limit, and only with a reason.
  overrideReason: optionalText(500, "the reason"),
});
export type ReferenceRequestInput = z.infer<typeof referenceRequestSchema>;

/** The customer's answer on their link. */
export const referenceAnswerSchema = z.object({
  decision: z.enum(["agree", "decline"], { error: "Choose whether you agree or decline." }),
  note: optionalText(2000, "the note"),
  signatureName: required("Type your name to sign your answer.", 120),
});
export type ReferenceAnswerInput = z.infer<typeof referenceAnswerSchema>;

/** What a member does with a request on the library page. */
export const referenceActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resend"), requestId: z.uuid({ error: "Choose a request." }) }),
  z.object({ intent: z.literal("cancel"), requestId: z.uuid({ error: "Choose a request." }), reason: required("Say why the request is cancelled.", 500) }),
]);

/** The library's search and filters, read from the address (a GET form). Anything unknown is ignored. */
export const libraryFilterSchema = z.object({
  q: z.string().trim().max(120).catch(""),
  kind: kindField.or(z.literal("")).catch(""),
  segment: z.string().trim().max(80).catch(""),
  availability: z.enum(["", "available", "full"]).catch(""),
});
export type LibraryFilter = z.infer<typeof libraryFilterSchema>;
