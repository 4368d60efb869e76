import { z } from "~/utils/zod";
import { optionalText } from "~/utils/schema-fields";
import { emailField, nameField } from "~/modules/auth/auth.schema";

export const customerSchema = z.object({
  name: nameField("the organisation's name"),
  segment: optionalText(80, "the segment"),
  // Kept apart from the segment so the reference library can show and filter by it; empty is null.
  size: optionalText(80, "the size").transform((value) => value || null),
  website: z
    .string()
    .trim()
    .max(200, "Keep the website under 200 characters.")
    .optional()
    .transform((value) => value ?? "")
    .transform((value) => (value && !/^https?:\/\//i.test(value) ? `https://${value}` : value))
    .refine((value) => value === "" || URL.canParse(value), "Enter a web address, like acme.com."),
  notes: optionalText(2000, "the notes"),
});
/** The form always sends the size; scripts and tests may leave it out (it then stays as it is). */
export type CustomerInput = Omit<z.infer<typeof customerSchema>, "size"> & { size?: string | null };

export const customerStatusSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("activate") }),
  z.object({
    intent: z.literal("withdraw"),
    reason: optionalText(500, "the reason"),
  }),
  z.object({ intent: z.literal("reenroll") }),
]);

export const contactRoles = ["isBuyer", "isUser", "isChampion", "isGatekeeper", "isReferenceContact"] as const;

export const contactSchema = z
  .object({
    name: nameField("the person's name"),
    email: emailField,
    title: optionalText(120, "the job title"),
    isBuyer: z.boolean().default(false),
    isUser: z.boolean().default(false),
    isChampion: z.boolean().default(false),
    isGatekeeper: z.boolean().default(false),
    isReferenceContact: z.boolean().default(false),
  })
  .refine((c) => c.isBuyer || c.isUser || c.isChampion || c.isGatekeeper || c.isReferenceContact, {
    message: "Choose at least one role.",
    path: ["roles"],
  });
export type ContactInput = z.infer<typeof contactSchema>;
