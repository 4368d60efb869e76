/** The ways a buyer may let the team use them as a reference, as the sign-off form names them. */
export const referenceUses = {
  consentNameLogo: "name and logo",
  consentCaseStudy: "a case study",
  consentReferenceCalls: "reference calls",
} as const;
