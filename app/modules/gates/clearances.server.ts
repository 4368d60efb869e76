import { and, eq, sql } from "drizzle-orm";
import { db, prepared, type Executor } from "#db/client";
import { clearanceRequests, clearances, contacts, techBriefVersions } from "#db/schema";
import type { ClearanceRecord } from "./clearance";

/**
 * Every gatekeeper decision of a program, for the standing-clearance rule (standingClearance in
 * clearance.ts). One query, whatever the number of customers or rounds.
 */
/** The gatekeeper decisions as ClearanceRecords, with the joins the standing rule reads; callers add the where. */
export const clearanceRecords = (executor: Executor) =>
  executor
    .select({
      clearanceId: clearances.id,
      customerId: clearances.customerId,
      contactId: clearances.contactId,
      briefVersionId: clearances.briefVersionId,
      version: techBriefVersions.version,
      decision: clearances.decision,
      conditions: clearances.conditions,
      vetoReason: clearances.vetoReason,
      decidedAt: clearances.decidedAt,
      requestSuperseded: sql<boolean>`${clearanceRequests.supersededAt} is not null`,
      stillGatekeeper: sql<boolean>`${contacts.isGatekeeper} and ${contacts.removedAt} is null`,
    })
    .from(clearances)
    .innerJoin(clearanceRequests, eq(clearanceRequests.id, clearances.requestId))
    .innerJoin(techBriefVersions, eq(techBriefVersions.id, clearances.briefVersionId))
    .innerJoin(contacts, eq(contacts.id, clearances.contactId));

export async function programClearances({ workspaceId, programId, executor = db() }: { workspaceId: string; programId: string; executor?: Executor }): Promise<ClearanceRecord[]> {
  return prepared(executor, "gates.clearances", (e) =>
    clearanceRecords(e)
      .where(and(eq(clearances.workspaceId, sql.placeholder("workspaceId")), eq(clearances.programId, sql.placeholder("programId"))))
      .prepare("gates_clearances"),
  ).execute({ workspaceId, programId });
}
