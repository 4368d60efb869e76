import { and, eq, isNull } from "drizzle-orm";
import { db } from "#db/client";
import { signoffRequests, signoffs } from "#db/schema";
import type { MemberActor } from "~/modules/audit/audit.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff, withdrawConsent } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { BusinessCaseInput } from "~/modules/signoff/signoff.schema";
import { tokenFromEmail } from "./mailbox-links.server";

/** How a demo buyer answers a round's sign-off request; no decision leaves it pending. */
export type DemoBuyerStep = {
  customer: string;
  buyerName: string;
  businessCase: BusinessCaseInput;
  /** When the PM writes the case and sends the request, then when the buyer answers. */
  sentAt: Date;
  decision?: { at: Date } & ({ approve: true; referenceConsent: boolean; conditions?: string } | { approve: false; reason: string });
};

/** The demo's buyers are no real people: the audit trail and certificates say so. */
export const demoOrigin = { ip: null, userAgent: "Charter demo data (no real person)" };

/**
 * Every business-case and sign-off call of the demo, in one place: the PM writes or revises the
 * customer's case and asks the buyer; the buyer answers through the emailed link. A revision that
 * ends a standing approval is confirmed (as the PM ticks the box) and asks the buyer again by
 * itself. Returns each decision's id by customer.
 */
export async function demoBuyerChannel({ actor, programId, roundId, customerIds, steps, travel }: { actor: MemberActor; programId: string; roundId: string; customerIds: Map<string, string>; steps: DemoBuyerStep[]; travel: (to: Date) => void }) {
  const requests = new Map<string, string>();
  for (const step of [...steps].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime())) {
    travel(step.sentAt);
    const customerId = customerIds.get(step.customer)!;
    const saved = await saveBusinessCase({ actor, programId, roundId, customerId, input: step.businessCase, endApproval: true });
    if (saved.reRequested) {
      const [live] = await db()
        .select({ id: signoffRequests.id })
        .from(signoffRequests)
        .where(and(eq(signoffRequests.roundId, roundId), eq(signoffRequests.customerId, customerId), isNull(signoffRequests.supersededAt)));
      requests.set(step.customer, live.id);
    } else {
      requests.set(step.customer, (await sendSignoffRequest({ actor, programId, roundId, customerId })).requestId);
    }
  }
  const decided = new Map<string, string>();
  for (const step of steps.filter((s) => s.decision).sort((a, b) => a.decision!.at.getTime() - b.decision!.at.getTime())) {
    const decision = step.decision!;
    travel(decision.at);
    const requestId = requests.get(step.customer)!;
    const token = await tokenFromEmail(requestId, "signoff-request");
    await submitSignoff({
      token,
      origin: demoOrigin,
      input: decision.approve
        ? {
            decision: "approve",
            declineReason: "",
            conditions: decision.conditions ?? "",
            willingnessToPay: "as_proposed",
            referenceConsent: decision.referenceConsent ? "yes" : "no",
            consentNameLogo: decision.referenceConsent,
            consentCaseStudy: decision.referenceConsent,
            consentReferenceCalls: decision.referenceConsent,
            signatureName: step.buyerName,
          }
        : { decision: "decline", declineReason: decision.reason, conditions: "", consentNameLogo: false, consentCaseStudy: false, consentReferenceCalls: false, signatureName: step.buyerName },
    });
    const [signoff] = await db().select({ id: signoffs.id }).from(signoffs).where(eq(signoffs.requestId, requestId));
    decided.set(step.customer, signoff.id);
  }
  return decided;
}

/** A buyer withdraws reference consent through the link in their receipt email. */
export async function demoConsentWithdrawn(signoffId: string) {
  await withdrawConsent({ token: await tokenFromEmail(signoffId, "signoff-receipt"), origin: demoOrigin });
}
