import { and, asc, eq, or } from "drizzle-orm";
import { db } from "#db/client";
import { auditEvents, businessCaseVersions, contacts, customers, programs, rounds, signoffs } from "#db/schema";
import { AppError } from "~/utils/errors";

/** Everything the printable certificate shows; one decision of the workspace. */
export async function getCertificate({ workspaceId, programId, roundId, signoffId }: { workspaceId: string; programId: string; roundId: string; signoffId: string }) {
  const [row] = await db()
    .select({
      id: signoffs.id,
      requestId: signoffs.requestId,
      decision: signoffs.decision,
      declineReason: signoffs.declineReason,
      conditions: signoffs.conditions,
      willingnessToPay: signoffs.willingnessToPay,
      wtpAmount: signoffs.wtpAmount,
      wtpCurrency: signoffs.wtpCurrency,
      referenceConsent: signoffs.referenceConsent,
      consentNameLogo: signoffs.consentNameLogo,
      consentCaseStudy: signoffs.consentCaseStudy,
      consentReferenceCalls: signoffs.consentReferenceCalls,
      consentWithdrawnAt: signoffs.consentWithdrawnAt,
      signatureName: signoffs.signatureName,
      signedContentHash: signoffs.signedContentHash,
      ip: signoffs.ip,
      userAgent: signoffs.userAgent,
      decidedAt: signoffs.decidedAt,
      buyerName: contacts.name,
      buyerEmail: contacts.email,
      buyerTitle: contacts.title,
      customerName: customers.name,
      roundNumber: rounds.number,
      roundTitle: rounds.title,
      programName: programs.name,
      product: programs.product,
      caseVersion: businessCaseVersions.version,
      problem: businessCaseVersions.problem,
      valueClaimed: businessCaseVersions.valueClaimed,
      priceTerms: businessCaseVersions.priceTerms,
      notes: businessCaseVersions.notes,
      contentHash: businessCaseVersions.contentHash,
    })
    .from(signoffs)
    .innerJoin(contacts, eq(contacts.id, signoffs.contactId))
    .innerJoin(customers, eq(customers.id, signoffs.customerId))
    .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffs.caseVersionId))
    .where(and(eq(signoffs.id, signoffId), eq(signoffs.workspaceId, workspaceId), eq(signoffs.roundId, roundId), eq(rounds.programId, programId)));
  if (!row) throw new AppError("not_found", "Sign-off not found.");
  const history = await db()
    .select({ action: auditEvents.action, at: auditEvents.createdAt, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), or(eq(auditEvents.subjectId, row.requestId), eq(auditEvents.subjectId, row.id))))
    .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id));
  return { ...row, history };
}

