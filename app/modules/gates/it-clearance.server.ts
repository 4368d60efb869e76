import { and, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { clearanceRequests, clearances, contacts, customers, programs, techBriefs, techBriefVersions } from "#db/schema";
import type { ClearanceRecord } from "./clearance";
import { clearanceRecords, programClearances } from "./clearances.server";
import { itClearanceOf, type BriefFacts, type ItClearance } from "./it-clearance";

/**
 * Per customer of the given programs: its current brief version, how many gatekeepers it has, and
 * whether a request on that version awaits an answer. One query, whatever the number of customers.
 */
export async function customerBriefFacts(executor: Executor, workspaceId: string, programIds: string[]): Promise<(BriefFacts & { programId: string })[]> {
  if (programIds.length === 0) return [];
  return executor
    .select({
      customerId: customers.id,
      programId: customers.programId,
      enrolledAt: customers.enrolledAt,
      briefVersionId: techBriefVersions.id,
      gatekeepers: sql<number>`(select count(*) from ${contacts} g where g.customer_id = ${customers.id} and g.is_gatekeeper and g.removed_at is null)`.mapWith(Number),
      liveRequest: sql<boolean>`exists (select 1 from ${clearanceRequests} q where q.customer_id = ${customers.id} and q.brief_version_id = ${techBriefVersions.id} and q.superseded_at is null)`,
    })
    .from(customers)
    .leftJoin(techBriefs, eq(techBriefs.customerId, customers.id))
    .leftJoin(techBriefVersions, and(eq(techBriefVersions.briefId, techBriefs.id), eq(techBriefVersions.version, techBriefs.currentVersion)))
    .where(and(eq(customers.workspaceId, workspaceId), inArray(customers.programId, programIds)));
}

/**
 * Each customer's IT clearance in one program, or null when the program does not ask for it (then
 * readiness reads the two tests and consent only, and no query runs). Two queries.
 */
export async function programItClearances({ workspaceId, programId, required, executor = db() }: { workspaceId: string; programId: string; required: boolean; executor?: Executor }): Promise<Map<string, ItClearance> | null> {
  if (!required) return null;
  const [records, facts] = await Promise.all([programClearances({ workspaceId, programId, executor }), customerBriefFacts(executor, workspaceId, [programId])]);
  return new Map(facts.map((f) => [f.customerId, itClearanceOf(records, f)]));
}

/**
 * The same for every program of a workspace that asks for IT clearance (the programs list): two
 * queries for all of them. The records are read with programClearances' columns, across programs.
 */
export async function workspaceItClearances(workspaceId: string, programIds: string[]): Promise<Map<string, ItClearance>> {
  if (programIds.length === 0) return new Map();
  const [records, facts] = await Promise.all([
    clearanceRecords(db())
      .innerJoin(programs, eq(programs.id, clearances.programId))
      .where(and(eq(clearances.workspaceId, workspaceId), inArray(clearances.programId, programIds), eq(programs.itClearanceRequired, true))) as Promise<ClearanceRecord[]>,
    customerBriefFacts(db(), workspaceId, programIds),
  ]);
  return new Map(facts.map((f) => [f.customerId, itClearanceOf(records, f)]));
}

