import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { db, type Executor, type Transaction } from "#db/client";
import { clearanceRequests, clearances, contacts, customers, members, techBriefs, techBriefVersions } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { AppError } from "~/utils/errors";
import type { TechBriefInput } from "./clearance.schema";
import { lockReviewedCustomer, liveClearanceRequest, requestClearanceInTx, supersedeClearanceRequest } from "./requests.server";
import { listRequirements } from "./requirements.server";

export type BriefAnswer = { requirementId: string; title: string; need: string; answer: string };

/** The fingerprint of a brief version's text (requirements as worded then, answers, notes). */
export function briefContentHash(answers: BriefAnswer[], notes: string) {
  const canonical = JSON.stringify([answers.map((a) => [a.requirementId, a.title, a.need, a.answer]), notes]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** What changed between two versions, one phrase per requirement, for the gatekeeper's email. */
export function briefChanges(from: { answers: BriefAnswer[]; notes: string }, to: { answers: BriefAnswer[]; notes: string }) {
  const before = new Map(from.answers.map((a) => [a.requirementId, a]));
  const changes: string[] = [];
  for (const a of to.answers) {
    const old = before.get(a.requirementId);
    if (!old) changes.push(`${a.title}: new requirement`);
    else if (old.answer !== a.answer || old.title !== a.title || old.need !== a.need) changes.push(`${a.title}: answer changed`);
  }
  const now = new Set(to.answers.map((a) => a.requirementId));
  for (const a of from.answers) if (!now.has(a.requirementId)) changes.push(`${a.title}: no longer listed`);
  if (from.notes !== to.notes) changes.push("notes changed");
  return changes;
}

/** The customer's brief versions over the whole program, newest first (empty when none yet). */
export async function briefVersions(workspaceId: string, customerId: string) {
  return db()
    .select({
      id: techBriefVersions.id,
      version: techBriefVersions.version,
      answers: techBriefVersions.answers,
      notes: techBriefVersions.notes,
      contentHash: techBriefVersions.contentHash,
      createdAt: techBriefVersions.createdAt,
      authorName: members.name,
    })
    .from(techBriefVersions)
    .innerJoin(techBriefs, eq(techBriefs.id, techBriefVersions.briefId))
    .innerJoin(members, eq(members.id, techBriefVersions.createdById))
    .where(and(eq(techBriefs.workspaceId, workspaceId), eq(techBriefs.customerId, customerId)))
    .orderBy(desc(techBriefVersions.version));
}

/**
 * The latest answer of one of the customer's current gatekeepers since its latest enrolment: what
 * the brief page compares the current version with, and — when it cleared the current version on a
 * live request — the clearance an edit would end.
 */
export async function lastClearanceAnswer(workspaceId: string, customerId: string, executor: Executor = db()) {
  const [row] = await executor
    .select({
      gatekeeperName: contacts.name,
      decision: clearances.decision,
      decidedAt: clearances.decidedAt,
      conditions: clearances.conditions,
      vetoReason: clearances.vetoReason,
      version: techBriefVersions.version,
      answers: techBriefVersions.answers,
      notes: techBriefVersions.notes,
      isCurrent: sql<boolean>`${techBriefVersions.version} = ${techBriefs.currentVersion}`,
      standing: sql<boolean>`${clearanceRequests.supersededAt} is null`,
    })
    .from(clearances)
    .innerJoin(clearanceRequests, eq(clearanceRequests.id, clearances.requestId))
    .innerJoin(techBriefVersions, eq(techBriefVersions.id, clearances.briefVersionId))
    .innerJoin(techBriefs, eq(techBriefs.id, techBriefVersions.briefId))
    .innerJoin(contacts, and(eq(contacts.id, clearances.contactId), eq(contacts.isGatekeeper, true), sql`${contacts.removedAt} is null`))
    .innerJoin(customers, eq(customers.id, clearances.customerId))
    .where(and(eq(clearances.workspaceId, workspaceId), eq(clearances.customerId, customerId), sql`${clearances.decidedAt} >= ${customers.enrolledAt}`))
    .orderBy(desc(clearances.decidedAt))
    .limit(1);
  return row ?? null;
}

/** Adds a version (creating the brief on first save) unless the text is unchanged; locks the brief row. */
async function addVersion(tx: Transaction, actor: MemberActor, customerId: string, answers: BriefAnswer[], notes: string) {
  await tx.insert(techBriefs).values({ workspaceId: actor.workspaceId, customerId }).onConflictDoNothing();
  const [brief] = await tx
    .select({ id: techBriefs.id, currentVersion: techBriefs.currentVersion })
    .from(techBriefs)
    .where(and(eq(techBriefs.customerId, customerId), eq(techBriefs.workspaceId, actor.workspaceId)))
    .for("update");
  const contentHash = briefContentHash(answers, notes);
  const [current] = await tx
    .select({ id: techBriefVersions.id, contentHash: techBriefVersions.contentHash })
    .from(techBriefVersions)
    .where(and(eq(techBriefVersions.briefId, brief.id), eq(techBriefVersions.version, brief.currentVersion)));
  if (current?.contentHash === contentHash) return { briefId: brief.id, version: brief.currentVersion, changed: false as const };
  const version = brief.currentVersion + 1;
  await tx.insert(techBriefVersions).values({ workspaceId: actor.workspaceId, briefId: brief.id, version, answers, notes, contentHash, createdById: actor.memberId });
  await tx.update(techBriefs).set({ currentVersion: version }).where(eq(techBriefs.id, brief.id));
  return { briefId: brief.id, version, changed: true as const, contentHash };
}

/**
 * Saves a new version of the customer's technical brief. A live request for an earlier version is
 * superseded and its gatekeeper asked again at once, with what changed; a clearance of the current
 * version ends only when the PM ticks that they know (`endClearance`).
 */
export async function saveTechBrief({ actor, programId, customerId, input, endClearance = false }: { actor: MemberActor; programId: string; customerId: string; input: TechBriefInput; endClearance?: boolean }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const customer = await lockReviewedCustomer(tx, actor, programId, customerId);
    const requirements = await listRequirements(actor.workspaceId, programId, tx);
    const given = new Map(input.answers.map((a) => [a.requirementId, a.answer]));
    if (requirements.length === 0) throw new AppError("conflict", "Add the program's technical requirements first.");
    if (given.size !== input.answers.length || requirements.length !== given.size || requirements.some((r) => !given.has(r.id)))
      throw new AppError("conflict", "The program's requirements changed while you were writing. Reload the page; copy your text first.");
    const answers: BriefAnswer[] = requirements.map((r) => ({ requirementId: r.id, title: r.title, need: r.need, answer: given.get(r.id)! }));

    // Read before the new version, inside the lock: an answer that arrived while the PM typed counts too.
    const answer = await lastClearanceAnswer(actor.workspaceId, customerId, tx);
    const live = await liveClearanceRequest(tx, customerId);
    const [seen] = live
      ? await tx.select({ answers: techBriefVersions.answers, notes: techBriefVersions.notes }).from(techBriefVersions).where(eq(techBriefVersions.id, live.briefVersionId))
      : [];
    const saved = await addVersion(tx, actor, customerId, answers, input.notes);
    if (!saved.changed) return { version: saved.version, changed: false, reRequested: false };
    if (answer && answer.isCurrent && answer.standing && answer.decision !== "veto" && !endClearance)
      throw new AppError("invalid", `Saving ends ${answer.gatekeeperName}'s clearance of version ${answer.version}. Tick the box to confirm, then save again.`, "endClearance");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "tech_brief.saved", programId, customerId, subjectId: saved.briefId, details: { version: saved.version, contentHash: saved.contentHash } });

    if (!live) return { version: saved.version, changed: true, reRequested: false };
    try {
      await requestClearanceInTx(tx, actor, customer, programId, { contactId: live.contactId, kind: "updated", changes: seen ? briefChanges(seen, { answers, notes: input.notes }) : [] });
      return { version: saved.version, changed: true, reRequested: true };
    } catch (error) {
      // The gatekeeper is gone: the stale request still ends; the brief is saved.
      if (!(error instanceof AppError)) throw error;
      await supersedeClearanceRequest(tx, live.id);
      return { version: saved.version, changed: true, reRequested: false };
    }
  });
}
