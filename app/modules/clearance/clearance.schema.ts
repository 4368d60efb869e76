import { z } from "~/utils/zod";
import { optionalText } from "~/utils/schema-fields";

const required = (message: string, max: number) => z.string({ error: message }).trim().min(1, message).max(max, `Keep it under ${max} characters.`);
const outOfDate = "This form is out of date; reload the page.";

/** One technical requirement of a program ("SAML single sign-on"). */
export const requirementSchema = z.object({
  title: required("Name the requirement, like “SAML single sign-on”.", 200),
  need: optionalText(2000),
});
export type RequirementInput = z.infer<typeof requirementSchema>;

/** The PM's technical brief for one customer: an answer per current requirement, plus notes. */
export const techBriefSchema = z.object({
  answers: z
    .array(
      z.object({
        requirementId: z.uuid({ error: outOfDate }),
        answer: required("Say how the product meets this requirement, or the plan.", 3000),
      }),
      { error: outOfDate },
    )
    .min(1, "Add the program's technical requirements first."),
  notes: optionalText(3000),
});
export type TechBriefInput = z.infer<typeof techBriefSchema>;

export const requirementMarks = ["met", "needs_work", "blocker"] as const;
export const clearanceDecisions = ["cleared", "cleared_with_conditions", "veto"] as const;

/** The gatekeeper's review: a mark per requirement, a decision, a typed name. */
export const clearanceSchema = z
  .object({
    marks: z
      .array(
        z.object({
          requirementId: z.uuid({ error: outOfDate }),
          mark: z.enum(requirementMarks, { error: "Mark this requirement: met, needs work or blocker." }),
          note: optionalText(2000),
        }),
        { error: outOfDate },
      )
      .min(1, outOfDate),
    decision: z.enum(clearanceDecisions, { error: "Choose your decision: cleared, cleared with conditions, or veto." }),
    conditions: optionalText(3000),
    vetoReason: optionalText(3000),
    signatureName: z
      .string({ error: "Type your full name to sign." })
      .trim()
      .min(2, "Type your full name to sign.")
      .max(200, "Keep your name under 200 characters."),
  })
  .superRefine(
    (v, ctx) => {
      if (v.decision === "cleared_with_conditions" && !v.conditions)
        ctx.addIssue({ code: "custom", path: ["conditions"], message: "State the conditions of your clearance." });
      if (v.decision === "veto" && !v.vetoReason) ctx.addIssue({ code: "custom", path: ["vetoReason"], message: "Tell the team why you veto: it is what they will work on next." });
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
export type ClearanceInput = z.infer<typeof clearanceSchema>;

/** The brief as the gatekeeper saw it, in words. */
export const markText: Record<(typeof requirementMarks)[number], string> = { met: "Met", needs_work: "Needs work", blocker: "Blocker" };
export const decisionText: Record<(typeof clearanceDecisions)[number], string> = { cleared: "Cleared", cleared_with_conditions: "Cleared with conditions", veto: "Veto" };
