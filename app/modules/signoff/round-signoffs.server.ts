import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, prepared, type Executor } from "#db/client";
import { businessCases, contacts, customers, signoffRequests, signoffs } from "#db/schema";
import { emailStateSql } from "~/modules/email/outbox.server";
import { programDecisions } from "~/modules/gates/approvals.server";
import { standingDecision } from "~/modules/gates/evaluate";
import { clock } from "~/utils/clock.server";

export type RequestState = "not_sent" | "sent" | "opened" | "approved" | "declined" | "expired" | "retrying" | "failed" | "bounced";

/**
 * Per customer of the round: buyer, case, this round's live request, and the decision that stands
 * (made in this round, or carried from an earlier one while its case version is current). Two queries.
 */
export async function roundSignoffs({ workspaceId, programId, roundId, executor = db() }: { workspaceId: string; programId: string; roundId: string; executor?: Executor }) {
  const roundId_ = sql.placeholder("roundId");
  const [rows, decisions] = await Promise.all([prepared(executor, "signoff.round", (e) =>
    e
      .select({
        customerId: customers.id,
        customerName: customers.name,
        enrolledAt: customers.enrolledAt,
        buyerId: contacts.id,
        buyerName: contacts.name,
        buyerEmail: contacts.email,
        caseVersion: businessCases.currentVersion,
        caseVersionId: sql<string | null>`(select v.id from business_case_versions v where v.business_case_id = ${businessCases.id} and v.version = ${businessCases.currentVersion})`,
        roundNumber: sql<number>`(select r.number from rounds r where r.id = ${roundId_})`.mapWith(Number),
        reconfirmEveryRound: sql<boolean>`(select p.reconfirm_every_round from programs p where p.id = ${sql.placeholder("programId")})`,
        requestId: signoffRequests.id,
        requestVersion: sql<number | null>`(select v.version from business_case_versions v where v.id = ${signoffRequests.caseVersionId})`.mapWith((v) => (v === null ? null : Number(v))),
        requestedAt: signoffRequests.createdAt,
        expiresAt: signoffRequests.expiresAt,
        reminderCount: signoffRequests.reminderCount,
        superseded: sql<number>`(select count(*) from signoff_requests o where o.round_id = ${roundId_} and o.customer_id = ${customers.id} and o.superseded_at is not null)`.mapWith(Number),
        opened: sql<boolean>`exists (select 1 from audit_events a where a.subject_id = ${signoffRequests.id} and a.action = 'signoff.opened')`,
        emailStatus: sql<string | null>`(select ${emailStateSql} from email_outbox e where e.subject_id = ${signoffRequests.id} order by e.created_at desc limit 1)`,
        emailNextAttemptAt: sql<Date | null>`(select e.next_attempt_at from email_outbox e where e.subject_id = ${signoffRequests.id} order by e.created_at desc limit 1)`.mapWith((v) => (v ? new Date(v) : null)),
        emailDelivery: sql<string | null>`(select e.delivery from email_outbox e where e.subject_id = ${signoffRequests.id} order by e.created_at desc limit 1)`,
        signoffId: signoffs.id,
        decision: signoffs.decision,
        decidedAt: signoffs.decidedAt,
        declineReason: signoffs.declineReason,
        willingnessToPay: signoffs.willingnessToPay,
        wtpAmount: signoffs.wtpAmount,
        wtpCurrency: signoffs.wtpCurrency,
        referenceConsent: signoffs.referenceConsent,
        consentWithdrawnAt: signoffs.consentWithdrawnAt,
      })
      .from(customers)
      .leftJoin(contacts, and(eq(contacts.customerId, customers.id), eq(contacts.isBuyer, true), isNull(contacts.removedAt)))
      .leftJoin(businessCases, eq(businessCases.customerId, customers.id))
      // The valuable test counts a decision only from the customer's current buyer.
      .leftJoin(signoffRequests, and(eq(signoffRequests.customerId, customers.id), eq(signoffRequests.roundId, roundId_), isNull(signoffRequests.supersededAt), eq(signoffRequests.contactId, contacts.id)))
      .leftJoin(signoffs, eq(signoffs.requestId, signoffRequests.id))
      .where(and(eq(customers.workspaceId, sql.placeholder("workspaceId")), eq(customers.programId, sql.placeholder("programId")), inArray(customers.status, ["enrolled", "active"])))
      .orderBy(asc(customers.name))
      .prepare("signoff_round"),
  ).execute({ workspaceId, programId, roundId }), programDecisions({ workspaceId, programId, executor })]);
  const now = clock.now();
  return rows.map((row) => {
    const standing = standingDecision(decisions, { roundId, roundNumber: row.roundNumber, customerId: row.customerId, caseVersionId: row.caseVersionId, buyerId: row.buyerId, enrolledAt: row.enrolledAt, reconfirmEveryRound: !!row.reconfirmEveryRound });
    /** A decision made in an earlier round on the version that is still current. */
    const carried = standing && standing.roundId !== roundId && !row.decision ? { decision: standing.decision, version: standing.version, roundNumber: standing.roundNumber, roundId: standing.roundId, signoffId: standing.signoffId, decidedAt: standing.decidedAt, declineReason: standing.declineReason } : null;
    const state: RequestState = row.decision === "approve"
      ? "approved"
      : row.decision === "decline"
        ? "declined"
        : carried?.decision === "approve"
          ? "approved"
          : !row.requestId
            ? carried ? "declined" : "not_sent"
            : row.expiresAt && row.expiresAt <= now
            ? "expired"
            : row.emailDelivery === "bounced" || row.emailDelivery === "complained"
              ? "bounced"
              : row.emailStatus === "failed"
                ? "failed"
                : row.emailStatus === "retrying"
                  ? "retrying"
                  : row.opened
                ? "opened"
                : "sent";
    return { ...row, state, standing, carried };
  });
}
