import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db, prepared } from "#db/client";
import { customers, programs } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import type { ProgramInput } from "./programs.schema";

export function assertEditor(actor: MemberActor) {
  if (actor.role === "viewer") throw new AppError("forbidden", "Viewers can look but not change anything.");
}

/** Programs of a workspace with their recruiting figures, in one query. */
export async function listPrograms(workspaceId: string) {
  return db()
    .select({
      id: programs.id,
      name: programs.name,
      product: programs.product,
      valueHypothesis: programs.valueHypothesis,
      targetReferenceable: programs.targetReferenceable,
      status: programs.status,
      createdAt: programs.createdAt,
      enrolledCount: sql<number>`count(${customers.id}) filter (where ${customers.status} <> 'withdrawn')`.mapWith(Number),
      activeCount: sql<number>`count(${customers.id}) filter (where ${customers.status} = 'active')`.mapWith(Number),
      openRound: sql<{ number: number; closesOn: string | null } | null>`(select json_build_object('number', r.number, 'closesOn', r.closes_on) from rounds r where r.program_id = programs.id and r.status = 'open')`,
    })
    .from(programs)
    .leftJoin(customers, eq(customers.programId, programs.id))
    .where(eq(programs.workspaceId, workspaceId))
    .groupBy(programs.id)
    .orderBy(asc(programs.status), desc(programs.createdAt));
}

/** One program of the workspace, or a 404 — also when it belongs to another workspace. */
export async function getProgram(workspaceId: string, programId: string) {
  const [program] = await prepared(db(), "programs.get", (e) =>
    e
      .select({
        id: programs.id,
        name: programs.name,
        product: programs.product,
        valueHypothesis: programs.valueHypothesis,
        targetReferenceable: programs.targetReferenceable,
        minResponses: programs.minResponses,
        status: programs.status,
        createdAt: programs.createdAt,
        archivedAt: programs.archivedAt,
        launchedAt: programs.launchedAt,
        reconfirmEveryRound: programs.reconfirmEveryRound,
        usableRequiresLowerBound: programs.usableRequiresLowerBound,
        itClearanceRequired: programs.itClearanceRequired,
        specialMaxCustomers: programs.specialMaxCustomers,
        referenceLimitUses: programs.referenceLimitUses,
        referenceLimitDays: programs.referenceLimitDays,
      })
      .from(programs)
      .where(and(eq(programs.id, sql.placeholder("programId")), eq(programs.workspaceId, sql.placeholder("workspaceId"))))
      .limit(1)
      .prepare("programs_get"),
  ).execute({ workspaceId, programId });
  if (!program) throw new AppError("not_found", "Program not found.");
  return program;
}

export async function createProgram({ actor, input }: { actor: MemberActor; input: ProgramInput }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const [program] = await tx
      .insert(programs)
      .values({ workspaceId: actor.workspaceId, ...input })
      .returning({ id: programs.id });
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "program.created",
      programId: program.id,
      subjectId: program.id,
      details: { ...input },
    });
    return program;
  });
}

export async function updateProgram({ actor, programId, input }: { actor: MemberActor; programId: string; input: ProgramInput }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    const [before] = await tx
      .select({ name: programs.name, product: programs.product, valueHypothesis: programs.valueHypothesis, targetReferenceable: programs.targetReferenceable, reconfirmEveryRound: programs.reconfirmEveryRound, usableRequiresLowerBound: programs.usableRequiresLowerBound, itClearanceRequired: programs.itClearanceRequired, specialMaxCustomers: programs.specialMaxCustomers, referenceLimitUses: programs.referenceLimitUses, referenceLimitDays: programs.referenceLimitDays, status: programs.status })
      .from(programs)
      .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId)))
      .for("update");
    if (!before) throw new AppError("not_found", "Program not found.");
    if (before.status === "archived") throw new AppError("conflict", "This program is archived. Restore it to edit it.");
    await tx.update(programs).set({ ...input, updatedAt: clock.now() }).where(eq(programs.id, programId));
    const changed = Object.fromEntries(
      Object.entries(input).filter(([key, value]) => before[key as keyof ProgramInput] !== value).map(([key, value]) => [key, { from: before[key as keyof ProgramInput], to: value }]),
    );
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "program.updated",
      programId,
      subjectId: programId,
      details: changed,
    });
  });
}

/** Archiving hides a program from the active list and freezes it; restoring undoes that. */
export async function setProgramArchived({ actor, programId, archived }: { actor: MemberActor; programId: string; archived: boolean }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    const [program] = await tx
      .select({ status: programs.status })
      .from(programs)
      .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId)))
      .for("update");
    if (!program) throw new AppError("not_found", "Program not found.");
    if ((program.status === "archived") === archived) return; // already so: nothing to record
    const now = clock.now();
    await tx
      .update(programs)
      .set(archived ? { status: "archived", archivedAt: now, updatedAt: now } : { status: "active", archivedAt: null, updatedAt: now })
      .where(eq(programs.id, programId));
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: archived ? "program.archived" : "program.restored",
      programId,
      subjectId: programId,
    });
  });
}
