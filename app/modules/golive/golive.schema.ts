import { z } from "~/utils/zod";
import { decimalNumber, optionalText } from "~/utils/schema-fields";

/** A calendar day typed in a date field: a real one ("2027-02-30" is not), in a sensible range. */
const day = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), `Enter ${what} as a date, like 2027-01-12.`)
    // Date.parse rolls 30 February over into March; a real day reads back as itself.
    .refine((v) => v === null || !/^\d{4}-\d{2}-\d{2}$/.test(v) || (!Number.isNaN(Date.parse(v)) && new Date(Date.parse(v)).toISOString().slice(0, 10) === v), `${what[0].toUpperCase()}${what.slice(1)} is not a real date.`)
    .refine((v) => v === null || !/^\d{4}-\d{2}-\d{2}$/.test(v) || (v >= "2000-01-01" && v <= "2099-12-31"), `Enter ${what} between the years 2000 and 2099.`);

/**
 * A customer's go-live plan and agreement (PRODUCT.md, "Live at launch"). `today` is the server's
 * day (the form gets it from the loader), so "live" and "signed" cannot be in the future.
 */
export const goLiveSchema = (today: string) =>
  z
    .object({
      intent: z.literal("save-go-live"),
      plannedOn: day("the planned go-live"),
      liveOn: day("the live date"),
      agreementPlan: optionalText(120, "the plan or price name"),
      agreementSeats: z
        .string()
        .trim()
        .optional()
        .transform((v) => v || null)
        .refine((v) => v === null || /^\d+$/.test(v), "Enter the number of seats as a whole number, like 40.")
        .transform((v) => (v === null ? null : Number(v)))
        .refine((v) => v === null || v > 0, "Seats must be at least 1.")
        .refine((v) => v === null || v <= 1_000_000, "Enter at most 1,000,000 seats."),
      // "18,000" and "18 000" mean 18000, as on the buyer's form.
      agreementAmount: z
        .preprocess((v) => (typeof v === "string" ? v.replace(/[\s,]/g, "") || undefined : v), decimalNumber("Enter an amount per year, like 18000.").optional())
        .pipe(z.number().positive("Enter an amount above zero.").max(1e11, "That amount is too large.").optional())
        .transform((v) => v ?? null),
      agreementCurrency: z
        .string()
        .trim()
        .toUpperCase()
        .optional()
        .transform((v) => v || null)
        .refine((v) => v === null || /^[A-Z]{3}$/.test(v), "Enter a three-letter currency code, like EUR or USD."),
      agreementSignedOn: day("the signing date"),
    })
    .superRefine((v, ctx) => {
      if (v.liveOn && v.liveOn > today) ctx.addIssue({ code: "custom", path: ["liveOn"], message: "A customer cannot be live in the future: plan that date as the go-live instead." });
      if (v.agreementSignedOn && v.agreementSignedOn > today) ctx.addIssue({ code: "custom", path: ["agreementSignedOn"], message: "The agreement cannot be signed in the future." });
      if (v.agreementAmount !== null && v.agreementCurrency === null) ctx.addIssue({ code: "custom", path: ["agreementCurrency"], message: "Enter the currency of the amount, like EUR." });
      if (v.agreementAmount === null && v.agreementCurrency !== null) ctx.addIssue({ code: "custom", path: ["agreementAmount"], message: "Enter the amount per year in this currency, or clear the currency." });
    });

export type GoLiveInput = Omit<z.output<ReturnType<typeof goLiveSchema>>, "intent">;

/** The "mark live today" shortcut: a button, no fields. */
export const markLiveSchema = z.object({ intent: z.literal("mark-live-today") });
