import { z } from "~/utils/zod";
import { emailField } from "~/modules/auth/auth.schema";
import { decimalNumber, optionalText } from "~/utils/schema-fields";

const required = (message: string, max: number) => z.string({ error: message }).trim().min(1, message).max(max, `Keep it under ${max} characters.`);

/** The PM's business case for one customer and round; every save is a new version. */
export const businessCaseSchema = z.object({
  problem: required("Describe the problem the customer has.", 3000),
  valueClaimed: required("State the value you claim, ideally in numbers.", 3000),
  priceTerms: required("State the proposed price or terms.", 1000),
  notes: optionalText(3000),
});
export type BusinessCaseInput = z.infer<typeof businessCaseSchema>;

/** The program's case template: the case's fields without notes; "{customer}" is filled in. */
export const caseTemplateSchema = businessCaseSchema.omit({ notes: true });

/** The buyer's decision form. */
export const signoffSchema = z
  .object({
    decision: z.enum(["approve", "decline"], { error: "Choose whether you approve or decline." }),
    declineReason: optionalText(3000),
    conditions: optionalText(3000),
    // Optional (PRODUCT.md: "optional conditions and willingness to pay").
    willingnessToPay: z.enum(["as_proposed", "amount", "none"], { error: "Choose one of the answers." }).optional(),
    // "12,000" and "12 000" mean 12000: thousands separators are dropped before the number is read.
    wtpAmount: z
      .preprocess((v) => (typeof v === "string" ? v.replace(/[\s,]/g, "") : v), decimalNumber("Enter an amount, like 12000."))
      .pipe(z.number().positive("Enter an amount above zero.").max(1e12, "That amount is too large."))
      .optional(),
    wtpCurrency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "Enter a three-letter currency code, like EUR or USD.")
      .optional(),
    // Asked only with an approval; a decline records no consent whatever was sent.
    referenceConsent: z.enum(["yes", "no"], { error: "Say whether we may use you as a reference." }).optional(),
    consentNameLogo: z.boolean().default(false),
    consentCaseStudy: z.boolean().default(false),
    consentReferenceCalls: z.boolean().default(false),
    // Whom the team asks about each use, when not the buyer: a colleague the buyer names (optional).
    referenceContactName: z.string().trim().max(120, "Keep the name under 120 characters.").optional(),
    referenceContactEmail: emailField.optional(),
    signatureName: z
      .string({ error: "Type your full name to sign." })
      .trim()
      .min(2, "Type your full name to sign.")
      .max(200, "Keep your name under 200 characters."),
  })
  .superRefine(
    (v, ctx) => {
      if (v.decision === "decline" && !v.declineReason)
        ctx.addIssue({ code: "custom", path: ["declineReason"], message: "Tell the team why you decline: it is what they will work on next." });
      if (v.willingnessToPay === "amount") {
        if (v.wtpAmount === undefined) ctx.addIssue({ code: "custom", path: ["wtpAmount"], message: "Enter the amount you would pay." });
        if (!v.wtpCurrency) ctx.addIssue({ code: "custom", path: ["wtpCurrency"], message: "Enter a three-letter currency code, like EUR or USD." });
      }
      if (v.decision === "approve" && !v.referenceConsent)
        ctx.addIssue({ code: "custom", path: ["referenceConsent"], message: "Say whether we may use you as a reference." });
      if (v.decision === "approve" && v.referenceConsent === "yes" && !v.consentNameLogo && !v.consentCaseStudy && !v.consentReferenceCalls)
        ctx.addIssue({ code: "custom", path: ["referenceUses"], message: "Choose at least one way we may use you as a reference." });
      if (v.decision === "approve" && v.referenceConsent === "yes") {
        if (v.referenceContactEmail && !v.referenceContactName)
          ctx.addIssue({ code: "custom", path: ["referenceContactName"], message: "Enter the name of the person we should ask." });
        if (v.referenceContactName && !v.referenceContactEmail)
          ctx.addIssue({ code: "custom", path: ["referenceContactEmail"], message: "Enter the email address of the person we should ask." });
      }
    },
    // Also when other fields are wrong, so the buyer sees every problem in one pass (each check
    // reads only fields whose bad values cannot pass for good ones).
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
export type SignoffInput = z.infer<typeof signoffSchema>;
