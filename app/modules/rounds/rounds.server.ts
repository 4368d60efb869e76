import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { db, prepared, type Transaction } from "#db/client";
import { contacts, feedbackInvites, programs, roundTasks, rounds, userResponses } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { issueFeedbackLink, roundContext, userTargets } from "./feedback-links.server";
import { inviteesFingerprint, openingCheck } from "./opening.server";
import type { RoundInput } from "./rounds.schema";
import { today } from "./schedule";

/** Users are not reminded twice within this time. */
export const REMINDER_INTERVAL_MS = 24 * 60 * 60 * 1000;

const roundColumns = {
  id: rounds.id,
  programId: rounds.programId,
  number: rounds.number,
  title: rounds.title,
  prototypeUrl: rounds.prototypeUrl,
  version: rounds.version,
  testerNotes: rounds.testerNotes,
  closesOn: rounds.closesOn,
  minResponses: rounds.minResponses,
  minSus: rounds.minSus,
  minTaskCompletion: rounds.minTaskCompletion,
  status: rounds.status,
  outcome: rounds.outcome,
  createdAt: rounds.createdAt,
  openedAt: rounds.openedAt,
  closedAt: rounds.closedAt,
};

/** Rounds of a program with their task and response counts, in one query. */
export async function listRounds(workspaceId: string, programId: string) {
  return db()
    .select({
      ...roundColumns,
      // Explicit table names: drizzle leaves columns unqualified in a single-table select.
      tasks: sql<number>`(select count(*) from round_tasks t where t.round_id = rounds.id)`.mapWith(Number),
      responses: sql<number>`(select count(*) from user_responses r where r.round_id = rounds.id)`.mapWith(Number),
    })
    .from(rounds)
    .where(and(eq(rounds.workspaceId, workspaceId), eq(rounds.programId, programId)))
    .orderBy(asc(rounds.number));
}

export async function getRound(workspaceId: string, programId: string, roundId: string) {
  const [round] = await prepared(db(), "rounds.get", (e) =>
    e
      .select(roundColumns)
      .from(rounds)
      .where(and(eq(rounds.id, sql.placeholder("roundId")), eq(rounds.programId, sql.placeholder("programId")), eq(rounds.workspaceId, sql.placeholder("workspaceId"))))
      .limit(1)
      .prepare("rounds_get"),
  ).execute({ workspaceId, programId, roundId });
  if (!round) throw new AppError("not_found", "Round not found.");
  return round;
}

export async function listTasks(workspaceId: string, roundId: string) {
  return prepared(db(), "rounds.tasks", (e) =>
    e
      .select({ id: roundTasks.id, position: roundTasks.position, instruction: roundTasks.instruction, successCriteria: roundTasks.successCriteria })
      .from(roundTasks)
      .where(and(eq(roundTasks.workspaceId, sql.placeholder("workspaceId")), eq(roundTasks.roundId, sql.placeholder("roundId"))))
      .orderBy(asc(roundTasks.position))
      .prepare("rounds_tasks"),
  ).execute({ workspaceId, roundId });
}

async function lockProgram(tx: Transaction, actor: MemberActor, programId: string) {
  const [program] = await tx
    .select({ id: programs.id, status: programs.status, name: programs.name, product: programs.product })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId)))
    .for("update");
  if (!program) throw new AppError("not_found", "Program not found.");
  if (program.status === "archived") throw new AppError("conflict", "This program is archived. Restore it to run rounds.");
  return program;
}

async function lockRound(tx: Transaction, actor: MemberActor, programId: string, roundId: string) {
  const [round] = await tx
    .select(roundColumns)
    .from(rounds)
    .where(and(eq(rounds.id, roundId), eq(rounds.programId, programId), eq(rounds.workspaceId, actor.workspaceId)))
    .for("update");
  if (!round) throw new AppError("not_found", "Round not found.");
  if (round.status === "closed") throw new AppError("conflict", `Round ${round.number} is closed and can no longer change.`);
  return round;
}

/** A planned close date is today or later when it is set or moved (an unchanged past date may stay). */
function checkCloseDate(closesOn: string | null, unchanged?: string | null) {
  if (closesOn && closesOn !== unchanged && closesOn < today(clock.now())) throw new AppError("invalid", "Choose today or a later date.", "closesOn");
}

const toRow = (input: RoundInput) => {
  const { minTaskCompletionPct, ...rest } = input;
  return { ...rest, closesOn: input.closesOn ?? null, minTaskCompletion: Math.round(minTaskCompletionPct * 10) / 1000 };
};

/**
 * A new draft round. With `copyTasks`, it starts with the previous round's tasks (still editable
 * while it is a draft): most rounds re-test the same jobs on a better prototype.
 */
export async function createRound({ actor, programId, input, copyTasks = false }: { actor: MemberActor; programId: string; input: RoundInput; copyTasks?: boolean }) {
  assertEditor(actor);
  checkCloseDate(input.closesOn ?? null);
  return db().transaction(async (tx) => {
    await lockProgram(tx, actor, programId);
    const [last] = await tx.select({ id: rounds.id, number: rounds.number }).from(rounds).where(eq(rounds.programId, programId)).orderBy(desc(rounds.number)).limit(1);
    const number = (last?.number ?? 0) + 1;
    const [round] = await tx
      .insert(rounds)
      .values({ workspaceId: actor.workspaceId, programId, number, ...toRow(input), createdAt: clock.now() })
      .returning({ id: rounds.id });
    let copiedTasks = 0;
    if (copyTasks && last) {
      const copied = await tx
        .insert(roundTasks)
        .select(
          tx
            .select({ id: sql<string>`gen_random_uuid()`.as("id"), workspaceId: roundTasks.workspaceId, roundId: sql<string>`${round.id}::uuid`.as("round_id"), position: roundTasks.position, instruction: roundTasks.instruction, successCriteria: roundTasks.successCriteria })
            .from(roundTasks)
            .where(eq(roundTasks.roundId, last.id)),
        )
        .returning({ id: roundTasks.id });
      copiedTasks = copied.length;
    }
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "round.created",
      programId,
      roundId: round.id,
      subjectId: round.id,
      details: { number, ...input, ...(copyTasks && last ? { tasksCopiedFromRound: last.number, copiedTasks } : {}) },
    });
    return round;
  });
}

/** A draft round changes freely; an open one keeps its thresholds (users are already answering). */
export async function updateRound({ actor, programId, roundId, input }: { actor: MemberActor; programId: string; roundId: string; input: RoundInput }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await lockProgram(tx, actor, programId);
    const round = await lockRound(tx, actor, programId, roundId);
    checkCloseDate(input.closesOn ?? null, round.closesOn);
    const row = toRow(input);
    if (
      round.status === "open" &&
      (row.minResponses !== round.minResponses || row.minSus !== round.minSus || row.minTaskCompletion !== round.minTaskCompletion)
    )
      throw new AppError("conflict", "The thresholds of an open round are fixed: users are already answering against them.");
    await tx.update(rounds).set(row).where(eq(rounds.id, roundId));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "round.updated", programId, roundId, subjectId: roundId, details: { ...input } });
  });
}

type TaskChange =
  | { intent: "add-task"; instruction: string; successCriteria: string }
  | { intent: "remove-task"; taskId: string }
  | { intent: "move-task"; taskId: string; direction: "up" | "down" };

/** Tasks change only while the round is a draft: responses refer to them. */
export async function changeTasks({ actor, programId, roundId, change }: { actor: MemberActor; programId: string; roundId: string; change: TaskChange }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    await lockProgram(tx, actor, programId);
    const round = await lockRound(tx, actor, programId, roundId);
    if (round.status !== "draft") throw new AppError("conflict", "Tasks can only change while the round is a draft.");
    const tasks = await tx
      .select({ id: roundTasks.id, position: roundTasks.position })
      .from(roundTasks)
      .where(eq(roundTasks.roundId, roundId))
      .orderBy(asc(roundTasks.position));
    if (change.intent === "add-task") {
      if (tasks.length >= 20) throw new AppError("conflict", "A round has at most 20 tasks; users need to finish in one sitting.");
      await tx.insert(roundTasks).values({
        workspaceId: actor.workspaceId,
        roundId,
        position: (tasks.at(-1)?.position ?? 0) + 1,
        instruction: change.instruction,
        successCriteria: change.successCriteria,
      });
    } else {
      const index = tasks.findIndex((t) => t.id === change.taskId);
      if (index < 0) throw new AppError("not_found", "That task is not in this round.");
      if (change.intent === "remove-task") {
        await tx.delete(roundTasks).where(eq(roundTasks.id, change.taskId));
      } else {
        const other = tasks[change.direction === "up" ? index - 1 : index + 1];
        if (!other) return;
        // Swap through a free position so the unique (round, position) key holds at every step.
        const parked = -1 - index;
        await tx.update(roundTasks).set({ position: parked }).where(eq(roundTasks.id, change.taskId));
        await tx.update(roundTasks).set({ position: tasks[index].position }).where(eq(roundTasks.id, other.id));
        await tx.update(roundTasks).set({ position: other.position }).where(eq(roundTasks.id, change.taskId));
      }
    }
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: `round.task_${change.intent.replace("-task", "")}`, programId, roundId, details: change });
  });
}

/**
 * draft → open. Refused, with the reason, when fewer than 6 customers are enrolled, another round
 * is open, or the round has no task. Creates one personal link per user of each active customer
 * and queues their invitations, all in one transaction. `confirmedInvitees` is the fingerprint of
 * the people the PM's confirm step showed (opening.server.ts); other people now are refused, not emailed.
 */
export async function openRound({ actor, programId, roundId, confirmedInvitees }: { actor: MemberActor; programId: string; roundId: string; confirmedInvitees?: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const program = await lockProgram(tx, actor, programId);
    const round = await lockRound(tx, actor, programId, roundId);
    if (round.status !== "draft") throw new AppError("conflict", `Round ${round.number} is already open.`);
    const { reasons, targets } = await openingCheck(tx, { workspaceId: actor.workspaceId, programId, roundId });
    if (reasons.length > 0) throw new AppError("conflict", `Round ${round.number} cannot open yet. ${reasons.join(" ")}`);
    // The PM confirmed whom to email; if that changed since (a user added or removed), they review it again.
    if (confirmedInvitees !== undefined && confirmedInvitees !== inviteesFingerprint(targets))
      throw new AppError("conflict", `The people to invite changed since you reviewed them: opening now would email ${targets.length}. Review the invitation again.`);

    const now = clock.now();
    await tx.update(rounds).set({ status: "open", openedAt: now }).where(eq(rounds.id, roundId));
    const context = await roundContext(tx, actor.workspaceId, round, program.product);
    for (const target of targets) await issueFeedbackLink(tx, actor.workspaceId, context, target, "feedback-invite");
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "round.opened",
      programId,
      roundId,
      subjectId: roundId,
      details: { number: round.number, invited: targets.length, customers: new Set(targets.map((t) => t.customerId)).size },
    });
    return { invited: targets.length };
  });
}

/** Revokes a user's links for the round and sends a new one (the old ones stop working). */
export async function resendFeedbackLink({ actor, programId, roundId, contactId }: { actor: MemberActor; programId: string; roundId: string; contactId: string }) {
  assertEditor(actor);
  await db().transaction(async (tx) => {
    const program = await lockProgram(tx, actor, programId);
    const round = await lockRound(tx, actor, programId, roundId);
    if (round.status !== "open") throw new AppError("conflict", "Links can be re-sent only while the round is open.");
    // The lock order (round-locks.server.ts): round, then the person, so a response through an
    // old link either lands before the re-send or sees its link revoked.
    await tx.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.id, contactId), eq(contacts.workspaceId, actor.workspaceId))).for("update");
    const [target] = await userTargets(tx, actor.workspaceId, programId, contactId);
    if (!target) throw new AppError("not_found", "That person is not a user of an active customer in this program.");
    const revoked = await tx
      .update(feedbackInvites)
      .set({ revokedAt: clock.now() })
      .where(and(eq(feedbackInvites.roundId, roundId), eq(feedbackInvites.contactId, contactId), isNull(feedbackInvites.revokedAt)))
      .returning({ id: feedbackInvites.id });
    const issued = await issueFeedbackLink(tx, actor.workspaceId, await roundContext(tx, actor.workspaceId, round, program.product), target, "feedback-invite");
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "feedback.link_resent",
      programId,
      roundId,
      customerId: target.customerId,
      subjectId: contactId,
      details: { revoked: revoked.length, token: issued.tokenHashPrefix },
    });
  });
}

/** Reminds the users who have not responded, each at most once a day; returns how many. */
export async function remindNonResponders({ actor, programId, roundId }: { actor: MemberActor; programId: string; roundId: string }) {
  assertEditor(actor);
  return db().transaction(async (tx) => {
    const program = await lockProgram(tx, actor, programId);
    const round = await lockRound(tx, actor, programId, roundId);
    if (round.status !== "open") throw new AppError("conflict", "Reminders go out only while the round is open.");
    const since = new Date(clock.now().getTime() - REMINDER_INTERVAL_MS);
    const targets = await userTargets(tx, actor.workspaceId, programId);
    const [answered, recent] = await Promise.all([
      tx.select({ contactId: userResponses.contactId }).from(userResponses).where(eq(userResponses.roundId, roundId)),
      tx
        .selectDistinct({ contactId: feedbackInvites.contactId })
        .from(feedbackInvites)
        .where(and(eq(feedbackInvites.roundId, roundId), gt(feedbackInvites.createdAt, since))),
    ]);
    const answeredIds = new Set(answered.map((r) => r.contactId));
    const recentIds = new Set(recent.map((r) => r.contactId));
    const waiting = targets.filter((t) => !answeredIds.has(t.contactId));
    const due = waiting.filter((t) => !recentIds.has(t.contactId));
    const context = await roundContext(tx, actor.workspaceId, round, program.product);
    for (const target of due) await issueFeedbackLink(tx, actor.workspaceId, context, target, "feedback-reminder");
    if (due.length > 0)
      await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "feedback.reminded",
      programId,
      roundId,
      details: { reminded: due.length, waiting: waiting.length },
    });
    return { reminded: due.length, waiting: waiting.length };
  });
}
