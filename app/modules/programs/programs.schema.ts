import { z } from "~/utils/zod";
import { decimalNumber } from "~/utils/schema-fields";

export const programSchema = z.object({
  name: z.string({ error: "Name the program." }).trim().min(1, "Name the program.").max(120, "Keep the name under 120 characters."),
  product: z.string({ error: "Name the product being tested." }).trim().min(1, "Name the product being tested.").max(120, "Keep it under 120 characters."),
  valueHypothesis: z
    .string({ error: "State the value hypothesis in one line." })
    .trim()
    .min(1, "State the value hypothesis in one line.")
    .max(280, "Keep the value hypothesis to one line (280 characters)."),
  targetReferenceable: decimalNumber("Enter a number from 1 to 10.")
    .pipe(z.number().int("Enter a whole number.")
    .min(1, "The target is at least 1 referenceable customer.")
    .max(10, "A program holds at most 10 customers, so the target is at most 10."))
    .default(6),
  // A checkbox: absent means off (PRODUCT.md: "A program may ask buyers to re-confirm every round (off by default)").
  reconfirmEveryRound: z.boolean().default(false),
  // A checkbox, off by default: on, the usable test reads the lower bounds of the 90% intervals.
  usableRequiresLowerBound: z.boolean().default(false),
  // A checkbox too; the form ticks it for a new program (PRODUCT.md: "on by default").
  itClearanceRequired: z.boolean().default(false),
  /** A theme raised by at most this many customers is a "special" (PRODUCT.md, "Learning across customers"). */
  specialMaxCustomers: decimalNumber("Enter a number from 1 to 10.")
    .pipe(z.number().int("Enter a whole number.").min(1, "At least 1 customer.").max(10, "A program holds at most 10 customers."))
    .default(1),
  // Protection from over-use of a reference (app/modules/references/availability.ts).
  referenceLimitUses: decimalNumber("Enter a number from 1 to 50.").pipe(z.number().int("Enter a whole number.").min(1, "Allow at least 1 use.").max(50, "Allow at most 50 uses.")).default(2),
  referenceLimitDays: decimalNumber("Enter a number of days from 1 to 730.").pipe(z.number().int("Enter a whole number of days.").min(1, "The period is at least 1 day.").max(730, "The period is at most 730 days (two years).")).default(90),
});

/** The form always sends the settings; scripts and tests may leave them out (they then stay as they are, or take the column's default). */
type Settings = "reconfirmEveryRound" | "usableRequiresLowerBound" | "itClearanceRequired" | "specialMaxCustomers" | "referenceLimitUses" | "referenceLimitDays";
export type ProgramInput = Omit<z.infer<typeof programSchema>, Settings> & Partial<Pick<z.infer<typeof programSchema>, Settings>>;

export const programStatusSchema = z.object({
  intent: z.enum(["archive", "restore"], { error: "Choose archive or restore." }),
});
