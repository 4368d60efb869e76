import { and, eq, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { programs, rounds, themes, themeTags } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { isUniqueViolation } from "~/utils/db-errors";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import type { FeedbackSource } from "./feedback-items";
import { feedbackItems } from "./feedback-items.server";

/** The program, locked for this change, in the actor's workspace and still active. */
async function lockProgram(tx: Transaction, actor: MemberActor, programId: string) {
  const [program] = await tx
    .select({ id: programs.id, status: programs.status })
    .from(programs)
    .where(and(eq(programs.workspaceId, actor.workspaceId), eq(programs.id, programId)))
    .for("update");
  if (!program) throw new AppError("not_found", "Program not found");
  if (program.status === "archived") throw new AppError("conflict", "This program is archived: its themes no longer change.");
}

/**
 * Tags one piece of feedback with a theme of the program, existing or new. The feedback is looked up
 * in this program of this workspace (an id from elsewhere is refused), and the tag records its
 * customer, round and channel. Tagging the same feedback twice with one theme is refused.
 */
export async function tagFeedback({
  actor,
  programId,
  input,
}: {
  actor: MemberActor;
  programId: string;
  input: { source: FeedbackSource; sourceId: string; taskId?: string; themeId?: string; kind?: "problem" | "request"; title: string };
}) {
  const taskId = input.source === "task_comment" ? (input.taskId ?? null) : null;
  try {
    return await db().transaction(async (tx) => {
      await lockProgram(tx, actor, programId);
      const [item] = await feedbackItems({ workspaceId: actor.workspaceId, programId, item: { source: input.source, sourceId: input.sourceId, taskId } }, tx);
      if (!item) throw new AppError("invalid", "That feedback is not in this program (or no longer has text to tag). Nothing was tagged.");
      let theme: { id: string; title: string };
      if (input.themeId) {
        const [found] = await tx
          .select({ id: themes.id, title: themes.title })
          .from(themes)
          .where(and(eq(themes.workspaceId, actor.workspaceId), eq(themes.programId, programId), eq(themes.id, input.themeId)));
        if (!found) throw new AppError("invalid", "Choose one of this program's themes.", "themeId");
        theme = found;
      } else {
        [theme] = await tx
          .insert(themes)
          .values({ workspaceId: actor.workspaceId, programId, kind: input.kind ?? "problem", title: input.title, createdById: actor.memberId })
          .returning({ id: themes.id, title: themes.title });
        await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "theme.created", programId, subjectId: theme.id, details: { title: theme.title, kind: input.kind } });
      }
      const [tag] = await tx
        .insert(themeTags)
        .values({ workspaceId: actor.workspaceId, themeId: theme.id, source: item.source, sourceId: item.sourceId, taskId: item.taskId, channel: item.channel, customerId: item.customerId, roundId: item.roundId, createdById: actor.memberId })
        .onConflictDoNothing()
        .returning({ id: themeTags.id });
      if (!tag) throw new AppError("conflict", `This feedback is already tagged “${theme.title}”. Nothing was changed.`, "themeId");
      await recordAudit(tx, actor, {
        workspaceId: actor.workspaceId,
        action: "theme.tagged",
        programId,
        customerId: item.customerId,
        roundId: item.roundId,
        subjectId: theme.id,
        details: { title: theme.title, source: item.source, channel: item.channel },
      });
      return { tagId: tag.id, themeId: theme.id, title: theme.title, item };
    });
  } catch (error) {
    if (isUniqueViolation(error, "themes_program_title_key"))
      throw new AppError("conflict", `There is already a theme called “${input.title}”: choose it from the list.`, "title");
    throw error;
  }
}

/** Removes one tag of the program; a second removal of the same tag says so and changes nothing. */
export async function untagFeedback({ actor, programId, tagId }: { actor: MemberActor; programId: string; tagId: string }) {
  return db().transaction(async (tx) => {
    await lockProgram(tx, actor, programId);
    const [removed] = await tx
      .delete(themeTags)
      .where(and(eq(themeTags.workspaceId, actor.workspaceId), eq(themeTags.id, tagId), sql`${themeTags.themeId} in (select id from themes where program_id = ${programId})`))
      .returning({ themeId: themeTags.themeId, customerId: themeTags.customerId, roundId: themeTags.roundId, source: themeTags.source });
    if (!removed) throw new AppError("invalid", "That tag is no longer there: nothing was removed.");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "theme.untagged", programId, customerId: removed.customerId, roundId: removed.roundId, subjectId: removed.themeId, details: { source: removed.source } });
    return removed;
  });
}

/** A theme's status: open, addressed in one of the program's rounds, or won't do (with why). */
export async function setThemeStatus({
  actor,
  programId,
  input,
}: {
  actor: MemberActor;
  programId: string;
  input: { themeId: string; status: "open" | "addressed" | "wont_do"; addressedRoundId?: string; wontDoReason: string };
}) {
  return db().transaction(async (tx) => {
    await lockProgram(tx, actor, programId);
    let roundNumber: number | null = null;
    if (input.status === "addressed") {
      const [round] = await tx
        .select({ number: rounds.number })
        .from(rounds)
        .where(and(eq(rounds.workspaceId, actor.workspaceId), eq(rounds.programId, programId), eq(rounds.id, input.addressedRoundId ?? "")));
      if (!round) throw new AppError("invalid", "Choose one of this program's rounds.", "addressedRoundId");
      roundNumber = round.number;
    }
    const [theme] = await tx
      .update(themes)
      .set({
        status: input.status,
        addressedRoundId: input.status === "addressed" ? input.addressedRoundId : null,
        wontDoReason: input.status === "wont_do" ? input.wontDoReason : null,
        updatedAt: clock.now(),
      })
      .where(and(eq(themes.workspaceId, actor.workspaceId), eq(themes.programId, programId), eq(themes.id, input.themeId)))
      .returning({ id: themes.id, title: themes.title });
    if (!theme) throw new AppError("invalid", "Choose one of this program's themes.", "themeId");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "theme.status_changed", programId, subjectId: theme.id, details: { title: theme.title, status: input.status, roundNumber } });
    return { ...theme, roundNumber };
  });
}
