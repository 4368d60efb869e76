import { describe, expect, it } from "vitest";
import { signoffSchema } from "~/modules/signoff/signoff.schema";

describe("the buyer's decision form", () => {
  it("reports every problem in one pass, the cross-field ones too", () => {
    const result = signoffSchema.safeParse({ decision: "decline", willingnessToPay: "amount", wtpAmount: "lots", referenceConsent: "yes", signatureName: "B" });
    expect(result.success).toBe(false);
    expect(Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]))).toEqual({
      wtpAmount: "Enter an amount, like 12000.",
      wtpCurrency: "Enter a three-letter currency code, like EUR or USD.",
      signatureName: "Type your full name to sign.",
      declineReason: "Tell the team why you decline: it is what they will work on next.",
      referenceUses: "Choose at least one way we may use you as a reference.",
    });
  });

  it("reads thousands separators in an amount", () => {
    const base = { decision: "approve", willingnessToPay: "amount", wtpCurrency: "usd", referenceConsent: "no", signatureName: "Bea Buyer" };
    expect(signoffSchema.parse({ ...base, wtpAmount: "12,000" })).toMatchObject({ wtpAmount: 12000, wtpCurrency: "USD" });
    expect(signoffSchema.parse({ ...base, wtpAmount: "1 200.50" }).wtpAmount).toBe(1200.5);
    expect(signoffSchema.safeParse({ ...base, wtpAmount: "-5" }).error?.issues[0]?.message).toBe("Enter an amount above zero.");
  });
});
