import { and, eq, sql } from "drizzle-orm";
import { db, prepared, type Executor } from "#db/client";
import { businessCaseVersions, rounds, signoffRequests, signoffs } from "#db/schema";
import type { DecisionRecord } from "./evaluate";

/**
 * Every buyer decision of a program, for the carried-approval rule (standingDecision in
 * evaluate.ts). One query; a program holds at most ten customers' decisions over its rounds.
 */
export async function programDecisions({ workspaceId, programId, executor = db() }: { workspaceId: string; programId: string; executor?: Executor }): Promise<DecisionRecord[]> {
  return prepared(executor, "gates.decisions", (e) =>
    e
      .select({
        signoffId: signoffs.id,
        customerId: signoffs.customerId,
        contactId: signoffs.contactId,
        caseVersionId: signoffs.caseVersionId,
        version: businessCaseVersions.version,
        decision: signoffs.decision,
        declineReason: signoffs.declineReason,
        decidedAt: signoffs.decidedAt,
        roundId: signoffs.roundId,
        roundNumber: rounds.number,
        requestSuperseded: sql<boolean>`${signoffRequests.supersededAt} is not null`,
      })
      .from(signoffs)
      .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
      .innerJoin(signoffRequests, eq(signoffRequests.id, signoffs.requestId))
      .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffs.caseVersionId))
      .where(and(eq(signoffs.workspaceId, sql.placeholder("workspaceId")), eq(rounds.programId, sql.placeholder("programId"))))
      .prepare("gates_decisions"),
  ).execute({ workspaceId, programId });
}
