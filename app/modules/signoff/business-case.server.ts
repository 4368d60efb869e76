import { createHash } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "#db/client";
import { businessCases, businessCaseVersions, customers, members, signoffRequests } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { AppError } from "~/utils/errors";
import type { BusinessCaseInput } from "./signoff.schema";
import { lockOpenableRound, requestSignoffInTx } from "./requests.server";
import { supersedeRequest } from "./supersede.server";

/** The fingerprint of a case version's text, shown on the certificate and in the receipt. */
export function caseContentHash(input: BusinessCaseInput) {
  const canonical = JSON.stringify([input.problem, input.valueClaimed, input.priceTerms, input.notes]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** The case's versions for one customer and round, newest first (empty when none yet). */
export async function caseVersions(workspaceId: string, roundId: string, customerId: string) {
  return db()
    .select({
      id: businessCaseVersions.id,
      version: businessCaseVersions.version,
      problem: businessCaseVersions.problem,
      valueClaimed: businessCaseVersions.valueClaimed,
      priceTerms: businessCaseVersions.priceTerms,
      notes: businessCaseVersions.notes,
      contentHash: businessCaseVersions.contentHash,
      createdAt: businessCaseVersions.createdAt,
      authorName: members.name,
    })
    .from(businessCaseVersions)
    .innerJoin(businessCases, eq(businessCases.id, businessCaseVersions.businessCaseId))
    .innerJoin(members, eq(members.id, businessCaseVersions.createdById))
    .where(and(eq(businessCases.workspaceId, workspaceId), eq(businessCases.roundId, roundId), eq(businessCases.customerId, customerId)))
    .orderBy(desc(businessCaseVersions.version));
}

/**
 * Saves a new version of the case. If a request already went out for an earlier version, it is
 * superseded (its link says the case changed) and the buyer is asked again for this one.
 */
export async function saveBusinessCase({ actor, programId, roundId, customerId, input }: { actor: MemberActor; programId: string; roundId: string; customerId: string; input: BusinessCaseInput }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const round = await lockOpenableRound(tx, actor, programId, roundId);
    const [customer] = await tx
      .select({ id: customers.id, status: customers.status })
      .from(customers)
      .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)));
    if (!customer) throw new AppError("not_found", "Customer not found.");
    if (customer.status === "withdrawn") throw new AppError("conflict", "This customer has withdrawn.");

    await tx.insert(businessCases).values({ workspaceId: actor.workspaceId, roundId, customerId }).onConflictDoNothing();
    const [businessCase] = await tx
      .select({ id: businessCases.id, currentVersion: businessCases.currentVersion })
      .from(businessCases)
      .where(and(eq(businessCases.roundId, roundId), eq(businessCases.customerId, customerId)))
      .for("update");
    const contentHash = caseContentHash(input);
    const [current] = await tx
      .select({ contentHash: businessCaseVersions.contentHash })
      .from(businessCaseVersions)
      .where(and(eq(businessCaseVersions.businessCaseId, businessCase.id), eq(businessCaseVersions.version, businessCase.currentVersion)));
    if (current?.contentHash === contentHash) return { version: businessCase.currentVersion, changed: false, reRequested: false };

    const version = businessCase.currentVersion + 1;
    await tx.insert(businessCaseVersions).values({ workspaceId: actor.workspaceId, businessCaseId: businessCase.id, version, ...input, contentHash, createdById: actor.memberId });
    await tx.update(businessCases).set({ currentVersion: version }).where(eq(businessCases.id, businessCase.id));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "business_case.saved", programId, roundId, customerId, subjectId: businessCase.id, details: { version, contentHash } });

    // A request for an earlier version is now stale: ask the buyer again about this one.
    const [live] = await tx
      .select({ id: signoffRequests.id })
      .from(signoffRequests)
      .where(and(eq(signoffRequests.roundId, roundId), eq(signoffRequests.customerId, customerId), isNull(signoffRequests.supersededAt)));
    let reRequested = false;
    if (live) {
      try {
        await requestSignoffInTx(tx, actor, round, programId, customerId, "updated");
        reRequested = true;
      } catch (error) {
        // No buyer to ask any more: the stale request still ends; the case is saved.
        if (!(error instanceof AppError)) throw error;
        await supersedeRequest(tx, live.id);
      }
    }
    return { version, changed: true, reRequested };
  });
}
