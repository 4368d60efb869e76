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
    });
  });

  it("asks the reference question with an approval only, and leaves what they would pay optional", () => {
    const problems = (input: object) => Object.fromEntries(signoffSchema.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]) ?? []);
    expect(problems({ decision: "approve", signatureName: "Bea Buyer" })).toEqual({ referenceConsent: "Say whether we may use you as a reference." });
    expect(problems({ decision: "approve", referenceConsent: "yes", signatureName: "Bea Buyer" })).toEqual({ referenceUses: "Choose at least one way we may use you as a reference." });
    expect(signoffSchema.parse({ decision: "approve", referenceConsent: "no", signatureName: "Bea Buyer" }).willingnessToPay).toBeUndefined();
    const decline = signoffSchema.parse({ decision: "decline", declineReason: "No budget", signatureName: "Bea Buyer" });
    expect([decline.referenceConsent, decline.willingnessToPay]).toEqual([undefined, undefined]);
  });

  it("takes the colleague the buyer names for reference requests as a name and an email together", () => {
    const problems = (input: object) => Object.fromEntries(signoffSchema.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]) ?? []);
    const base = { decision: "approve", referenceConsent: "yes", consentNameLogo: true, signatureName: "Bea Buyer" };
    expect(problems({ ...base, referenceContactName: "Pat Colleague" })).toEqual({ referenceContactEmail: "Enter the email address of the person we should ask." });
    expect(problems({ ...base, referenceContactEmail: "pat@acme.test" })).toEqual({ referenceContactName: "Enter the name of the person we should ask." });
    expect(problems({ ...base, referenceContactName: "Pat", referenceContactEmail: "not an email" })).toEqual({ referenceContactEmail: "Enter a valid email address, like name@company.com." });
    expect(signoffSchema.parse({ ...base, referenceContactName: " Pat Colleague ", referenceContactEmail: "Pat@Acme.test" })).toMatchObject({ referenceContactName: "Pat Colleague", referenceContactEmail: "pat@acme.test" });
    // Without consent the fields are not asked for, whatever was sent.
    expect(problems({ decision: "approve", referenceConsent: "no", referenceContactName: "Pat", signatureName: "Bea Buyer" })).toEqual({});
  });

  it("reads thousands separators in an amount", () => {
    const base = { decision: "approve", willingnessToPay: "amount", wtpCurrency: "usd", referenceConsent: "no", signatureName: "Bea Buyer" };
    expect(signoffSchema.parse({ ...base, wtpAmount: "12,000" })).toMatchObject({ wtpAmount: 12000, wtpCurrency: "USD" });
    expect(signoffSchema.parse({ ...base, wtpAmount: "1 200.50" }).wtpAmount).toBe(1200.5);
    expect(signoffSchema.safeParse({ ...base, wtpAmount: "-5" }).error?.issues[0]?.message).toBe("Enter an amount above zero.");
  });
});
