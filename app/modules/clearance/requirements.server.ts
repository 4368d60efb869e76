import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor, type Transaction } from "#db/client";
import { techRequirements } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { lockActiveProgram } from "~/modules/customers/customers.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import type { RequirementInput } from "./clearance.schema";

/** A program may list this many requirements at most: a brief has to stay readable on a phone. */
export const MAX_REQUIREMENTS = 30;

/** The program's current technical requirements, in order. */
export async function listRequirements(workspaceId: string, programId: string, executor: Executor = db()) {
  return executor
    .select({ id: techRequirements.id, title: techRequirements.title, need: techRequirements.need, position: techRequirements.position })
    .from(techRequirements)
    .where(and(eq(techRequirements.workspaceId, workspaceId), eq(techRequirements.programId, programId), isNull(techRequirements.removedAt)))
    .orderBy(asc(techRequirements.position), asc(techRequirements.createdAt));
}

/** Every change to the list locks the program first, so two editors' moves never interleave. */
async function editList<T>(actor: MemberActor, programId: string, change: (tx: Transaction) => Promise<T>) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    await lockActiveProgram(tx, actor.workspaceId, programId);
    return change(tx);
  });
}

async function currentRequirement(tx: Transaction, actor: MemberActor, programId: string, requirementId: string) {
  const [row] = await tx
    .select({ id: techRequirements.id, title: techRequirements.title, position: techRequirements.position })
    .from(techRequirements)
    .where(and(eq(techRequirements.id, requirementId), eq(techRequirements.programId, programId), eq(techRequirements.workspaceId, actor.workspaceId), isNull(techRequirements.removedAt)));
  if (!row) throw new AppError("conflict", "That requirement was removed meanwhile; reload the page.");
  return row;
}

export async function addRequirement({ actor, programId, input }: { actor: MemberActor; programId: string; input: RequirementInput }) {
  return editList(actor, programId, async (tx) => {
    const [{ n, last }] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number), last: sql<number>`coalesce(max(${techRequirements.position}), 0)`.mapWith(Number) })
      .from(techRequirements)
      .where(and(eq(techRequirements.programId, programId), isNull(techRequirements.removedAt)));
    if (n >= MAX_REQUIREMENTS) throw new AppError("conflict", `A program lists ${MAX_REQUIREMENTS} requirements at most. Remove one first.`);
    const [row] = await tx
      .insert(techRequirements)
      .values({ workspaceId: actor.workspaceId, programId, position: last + 1, title: input.title, need: input.need })
      .returning({ id: techRequirements.id });
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "requirement.added", programId, subjectId: row.id, details: { title: input.title } });
    return row;
  });
}

export async function updateRequirement({ actor, programId, requirementId, input }: { actor: MemberActor; programId: string; requirementId: string; input: RequirementInput }) {
  return editList(actor, programId, async (tx) => {
    const before = await currentRequirement(tx, actor, programId, requirementId);
    await tx.update(techRequirements).set({ title: input.title, need: input.need }).where(eq(techRequirements.id, requirementId));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "requirement.updated", programId, subjectId: requirementId, details: { from: before.title, title: input.title } });
  });
}

/** Removal keeps the row (marks and earlier briefs point at it); briefs saved from now on leave it out. */
export async function removeRequirement({ actor, programId, requirementId }: { actor: MemberActor; programId: string; requirementId: string }) {
  return editList(actor, programId, async (tx) => {
    const row = await currentRequirement(tx, actor, programId, requirementId);
    await tx.update(techRequirements).set({ removedAt: clock.now() }).where(eq(techRequirements.id, requirementId));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "requirement.removed", programId, subjectId: requirementId, details: { title: row.title } });
  });
}

/** Swaps a requirement with its neighbour above or below; at either end nothing changes. */
export async function moveRequirement({ actor, programId, requirementId, direction }: { actor: MemberActor; programId: string; requirementId: string; direction: "up" | "down" }) {
  return editList(actor, programId, async (tx) => {
    await currentRequirement(tx, actor, programId, requirementId);
    const list = await listRequirements(actor.workspaceId, programId, tx);
    const at = list.findIndex((r) => r.id === requirementId);
    const other = list[direction === "up" ? at - 1 : at + 1];
    if (!other) return { moved: false };
    // Positions are renumbered 1..n in the new order, so equal or sparse positions cannot stick.
    const order = list.map((r) => r.id);
    [order[at], order[direction === "up" ? at - 1 : at + 1]] = [other.id, requirementId];
    for (const [i, id] of order.entries()) await tx.update(techRequirements).set({ position: i + 1 }).where(eq(techRequirements.id, id));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "requirement.moved", programId, subjectId: requirementId, details: { direction } });
    return { moved: true };
  });
}
