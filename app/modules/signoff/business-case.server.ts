import { createHash } from "node:crypto";
import { and, desc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor, type Transaction } from "#db/client";
import { businessCases, businessCaseVersions, contacts, customers, members, programs, rounds, signoffRequests, signoffs } from "#db/schema";
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

/** The customer's case versions over the whole program, newest first (empty when none yet). */
export async function caseVersions(workspaceId: string, customerId: string) {
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
    .where(and(eq(businessCases.workspaceId, workspaceId), eq(businessCases.customerId, customerId)))
    .orderBy(desc(businessCaseVersions.version));
}

/** Adds a version to the customer's case (creating the case on first save); locks the case row. */
async function addVersion(tx: Transaction, actor: MemberActor, customerId: string, input: BusinessCaseInput) {
  await tx.insert(businessCases).values({ workspaceId: actor.workspaceId, customerId }).onConflictDoNothing();
  const [businessCase] = await tx
    .select({ id: businessCases.id, currentVersion: businessCases.currentVersion })
    .from(businessCases)
    .where(and(eq(businessCases.customerId, customerId), eq(businessCases.workspaceId, actor.workspaceId)))
    .for("update");
  const contentHash = caseContentHash(input);
  const [current] = await tx
    .select({ id: businessCaseVersions.id, contentHash: businessCaseVersions.contentHash })
    .from(businessCaseVersions)
    .where(and(eq(businessCaseVersions.businessCaseId, businessCase.id), eq(businessCaseVersions.version, businessCase.currentVersion)));
  if (current?.contentHash === contentHash) return { caseId: businessCase.id, version: businessCase.currentVersion, changed: false as const, previousVersionId: current.id };
  const version = businessCase.currentVersion + 1;
  await tx.insert(businessCaseVersions).values({ workspaceId: actor.workspaceId, businessCaseId: businessCase.id, version, ...input, contentHash, createdById: actor.memberId });
  await tx.update(businessCases).set({ currentVersion: version }).where(eq(businessCases.id, businessCase.id));
  return { caseId: businessCase.id, version, changed: true as const, previousVersionId: current?.id ?? null, contentHash };
}

/**
 * The current buyer's latest answer on the customer's case, in any round since the customer's
 * latest enrolment: what the PM's and buyer's pages compare the current version with, and — when it
 * approved the current version — the approval an edit would end (PRODUCT.md: "Before an action
 * changes readiness … the PM is told").
 */
export async function lastAnswer(workspaceId: string, customerId: string, executor: Executor = db()) {
  const [row] = await executor
    .select({
      buyerName: contacts.name,
      decision: signoffs.decision,
      roundNumber: rounds.number,
      version: businessCaseVersions.version,
      isCurrent: sql<boolean>`${businessCaseVersions.version} = ${businessCases.currentVersion}`,
      problem: businessCaseVersions.problem,
      valueClaimed: businessCaseVersions.valueClaimed,
      priceTerms: businessCaseVersions.priceTerms,
      notes: businessCaseVersions.notes,
    })
    .from(signoffs)
    .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
    .innerJoin(businessCaseVersions, eq(businessCaseVersions.id, signoffs.caseVersionId))
    .innerJoin(businessCases, eq(businessCases.id, businessCaseVersions.businessCaseId))
    .innerJoin(contacts, and(eq(contacts.id, signoffs.contactId), eq(contacts.isBuyer, true), isNull(contacts.removedAt)))
    .innerJoin(customers, eq(customers.id, signoffs.customerId))
    .where(and(eq(signoffs.workspaceId, workspaceId), eq(signoffs.customerId, customerId), sql`${signoffs.decidedAt} >= ${customers.enrolledAt}`))
    .orderBy(desc(signoffs.decidedAt))
    .limit(1);
  return row ?? null;
}

/**
 * Saves a new version of the customer's case. A request for an earlier version in this round is
 * superseded and the buyer is asked again; so is a buyer whose approval (from any round) the edit
 * ends, while the round is open.
 */
export async function saveBusinessCase({ actor, programId, roundId, customerId, input, endApproval = false }: { actor: MemberActor; programId: string; roundId: string; customerId: string; input: BusinessCaseInput; endApproval?: boolean }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const round = await lockOpenableRound(tx, actor, programId, roundId);
    const [customer] = await tx
      .select({ id: customers.id, status: customers.status, enrolledAt: customers.enrolledAt })
      .from(customers)
      .where(and(eq(customers.id, customerId), eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId)));
    if (!customer) throw new AppError("not_found", "Customer not found.");
    if (customer.status === "withdrawn") throw new AppError("conflict", "This customer has withdrawn.");

    const answer = await lastAnswer(actor.workspaceId, customerId, tx);
    const saved = await addVersion(tx, actor, customerId, input);
    if (!saved.changed) return { version: saved.version, changed: false, reRequested: false };
    // Checked inside the transaction: an approval that arrived while the PM was typing counts too.
    if (answer?.decision === "approve" && answer.isCurrent && !endApproval)
      throw new AppError("invalid", `Saving ends ${answer.buyerName}'s approval of version ${answer.version} (given in round ${answer.roundNumber}). Tick the box to confirm, then save again.`, "endApproval");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "business_case.saved", programId, roundId, customerId, subjectId: saved.caseId, details: { version: saved.version, contentHash: saved.contentHash } });

    // A request for an earlier version is now stale: ask the buyer again about this one.
    const [live] = await tx
      .select({ id: signoffRequests.id })
      .from(signoffRequests)
      .where(and(eq(signoffRequests.roundId, roundId), eq(signoffRequests.customerId, customerId), isNull(signoffRequests.supersededAt)));
    // An approval carried from an earlier round ends with the version it approved: ask again too.
    const [carried] = !live && saved.previousVersionId && round.status === "open"
      ? await tx
          .select({ id: signoffs.id })
          .from(signoffs)
          .innerJoin(signoffRequests, and(eq(signoffRequests.id, signoffs.requestId), isNull(signoffRequests.supersededAt)))
          .innerJoin(contacts, and(eq(contacts.id, signoffs.contactId), eq(contacts.isBuyer, true), isNull(contacts.removedAt)))
          .where(and(eq(signoffs.caseVersionId, saved.previousVersionId), eq(signoffs.decision, "approve"), gte(signoffs.decidedAt, customer.enrolledAt)))
          .limit(1)
      : [];
    let reRequested = false;
    if (live || carried) {
      try {
        await requestSignoffInTx(tx, actor, round, programId, customerId, "updated");
        reRequested = true;
      } catch (error) {
        // No buyer to ask any more: the stale request still ends; the case is saved.
        if (!(error instanceof AppError)) throw error;
        if (live) await supersedeRequest(tx, live.id);
      }
    }
    return { version: saved.version, changed: true, reRequested };
  });
}

/** "{customer}" in the program's template becomes the customer's name. */
export function fillTemplate(template: { problem: string; valueClaimed: string; priceTerms: string }, customerName: string): BusinessCaseInput {
  const fill = (text: string) => text.replaceAll("{customer}", customerName);
  return { problem: fill(template.problem), valueClaimed: fill(template.valueClaimed), priceTerms: fill(template.priceTerms), notes: "" };
}

/**
 * Gives every customer of the program that has no case yet a first version from the program's
 * template, in one transaction. Customers with a case keep theirs.
 */
export async function applyCaseTemplate({ actor, programId }: { actor: MemberActor; programId: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const [program] = await tx
      .select({ status: programs.status, problem: programs.caseTemplateProblem, valueClaimed: programs.caseTemplateValue, priceTerms: programs.caseTemplatePriceTerms })
      .from(programs)
      .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId)))
      .for("update");
    if (!program) throw new AppError("not_found", "Program not found.");
    if (program.status === "archived") throw new AppError("conflict", "This program is archived. Restore it to change it.");
    if (!program.problem.trim() || !program.valueClaimed.trim() || !program.priceTerms.trim()) throw new AppError("invalid", "Fill in the template's problem, value and price first.");
    const without = await tx
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .leftJoin(businessCases, eq(businessCases.customerId, customers.id))
      .where(and(eq(customers.programId, programId), eq(customers.workspaceId, actor.workspaceId), inArray(customers.status, ["enrolled", "active"]), sql`coalesce(${businessCases.currentVersion}, 0) = 0`))
      .orderBy(customers.name);
    for (const customer of without) {
      const saved = await addVersion(tx, actor, customer.id, fillTemplate(program, customer.name));
      await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "business_case.saved", programId, customerId: customer.id, subjectId: saved.caseId, details: { version: saved.version, contentHash: saved.changed ? saved.contentHash : null, fromTemplate: true } });
    }
    return { applied: without.map((c) => c.name) };
  });
}

/** Stores the program's case template (used by applyCaseTemplate). */
export async function saveCaseTemplate({ actor, programId, input }: { actor: MemberActor; programId: string; input: Omit<BusinessCaseInput, "notes"> }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(programs)
      .set({ caseTemplateProblem: input.problem, caseTemplateValue: input.valueClaimed, caseTemplatePriceTerms: input.priceTerms })
      .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId), eq(programs.status, "active")))
      .returning({ id: programs.id });
    if (!row) throw new AppError("conflict", "This program is archived or gone.");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "program.case_template_saved", programId, subjectId: programId });
  });
}

/** The program's case template. */
export async function caseTemplate(workspaceId: string, programId: string) {
  const [row] = await db()
    .select({ problem: programs.caseTemplateProblem, valueClaimed: programs.caseTemplateValue, priceTerms: programs.caseTemplatePriceTerms })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, workspaceId)));
  if (!row) throw new AppError("not_found", "Program not found.");
  return row;
}
