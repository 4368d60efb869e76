import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { clearanceRequests, clearances, contacts, customers, techBriefs } from "#db/schema";
import { isCleared, standingClearance, type ClearanceRecord } from "~/modules/gates/clearance";
import { programClearances } from "~/modules/gates/clearances.server";
import { itClearanceOf, type ItClearance } from "~/modules/gates/it-clearance";
import { clock } from "~/utils/clock.server";

export type ClearanceState = "not_sent" | "sent" | "opened" | "cleared" | "cleared_with_conditions" | "veto" | "superseded" | "expired" | "bounced";

export const clearanceStateText: Record<ClearanceState, string> = {
  not_sent: "Not sent",
  sent: "Sent",
  opened: "Opened",
  cleared: "Cleared",
  cleared_with_conditions: "Cleared with conditions",
  veto: "Veto",
  superseded: "Superseded",
  expired: "Expired",
  bounced: "Bounced",
};

/**
 * Per customer taking part: its gatekeepers, current brief version, live review request and the
 * clearance that stands. Two queries, whatever the number of customers or requests.
 */
export async function clearanceStates({ workspaceId, programId, executor = db() }: { workspaceId: string; programId: string; executor?: Executor }) {
  return (await clearanceOverview({ workspaceId, programId, executor })).states;
}

/**
 * The round page's two views of the gatekeepers' channel from the same two queries: the review
 * state of each customer taking part (clearanceStates), and each customer's IT clearance as the
 * gate panel reads it (the same as programItClearances, withdrawn customers included).
 */
export async function clearanceOverview({ workspaceId, programId, executor = db() }: { workspaceId: string; programId: string; executor?: Executor }) {
  const [rows, records] = await Promise.all([
    executor
      .select({
        customerId: customers.id,
        customerName: customers.name,
        status: customers.status,
        enrolledAt: customers.enrolledAt,
        gatekeepers: sql<string[]>`coalesce((select array_agg(g.name order by g.name) from contacts g where g.customer_id = ${customers.id} and g.is_gatekeeper and g.removed_at is null), '{}')`,
        briefVersion: techBriefs.currentVersion,
        briefVersionId: sql<string | null>`(select v.id from tech_brief_versions v where v.brief_id = ${techBriefs.id} and v.version = ${techBriefs.currentVersion})`,
        requestId: clearanceRequests.id,
        requestBriefVersionId: clearanceRequests.briefVersionId,
        requestVersion: sql<number | null>`(select v.version from tech_brief_versions v where v.id = ${clearanceRequests.briefVersionId})`.mapWith((v) => (v === null ? null : Number(v))),
        requestedAt: clearanceRequests.createdAt,
        expiresAt: clearanceRequests.expiresAt,
        reminderCount: clearanceRequests.reminderCount,
        gatekeeperName: contacts.name,
        gatekeeperEmail: contacts.email,
        superseded: sql<number>`(select count(*) from clearance_requests o where o.customer_id = ${customers.id} and o.superseded_at is not null)`.mapWith(Number),
        opened: sql<boolean>`exists (select 1 from audit_events a where a.subject_id = ${clearanceRequests.id} and a.action = 'clearance.opened')`,
        emailDelivery: sql<string | null>`(select e.delivery from email_outbox e where e.subject_id = ${clearanceRequests.id} order by e.created_at desc limit 1)`,
        decision: clearances.decision,
        decidedAt: clearances.decidedAt,
      })
      .from(customers)
      .leftJoin(techBriefs, eq(techBriefs.customerId, customers.id))
      .leftJoin(clearanceRequests, and(eq(clearanceRequests.customerId, customers.id), isNull(clearanceRequests.supersededAt)))
      .leftJoin(contacts, eq(contacts.id, clearanceRequests.contactId))
      .leftJoin(clearances, eq(clearances.requestId, clearanceRequests.id))
      .where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId)))
      .orderBy(asc(customers.name)),
    programClearances({ workspaceId, programId, executor }),
  ]);
  const now = clock.now();
  const itClearances = new Map<string, ItClearance>(
    rows.map((row) => [
      row.customerId,
      itClearanceOf(records, {
        customerId: row.customerId,
        enrolledAt: row.enrolledAt,
        briefVersionId: row.briefVersionId,
        gatekeepers: row.gatekeepers.length,
        // At most one live request per customer (clearance_requests_live_key): live on this version or none.
        liveRequest: row.requestBriefVersionId !== null && row.requestBriefVersionId === row.briefVersionId,
      }),
    ]),
  );
  const states = rows.filter((row) => row.status !== "withdrawn").map((row) => {
    const standing: ClearanceRecord | null = standingClearance(records, { customerId: row.customerId, briefVersionId: row.briefVersionId, enrolledAt: row.enrolledAt });
    const state: ClearanceState = row.decision
      ? row.decision
      : !row.requestId
        ? row.superseded > 0
          ? "superseded"
          : "not_sent"
        : row.expiresAt && row.expiresAt <= now
          ? "expired"
          : row.emailDelivery === "bounced" || row.emailDelivery === "complained"
            ? "bounced"
            : row.opened
              ? "opened"
              : "sent";
    return { ...row, state, standing, cleared: isCleared(standing) };
  });
  return { states, itClearances };
}

export type CustomerClearance = Awaited<ReturnType<typeof clearanceStates>>[number];
