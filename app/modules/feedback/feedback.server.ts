import { and, asc, eq } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { contacts, customers, feedbackInvites, programs, roundTasks, rounds, userResponses, userResponseTasks, userResponseVersions, workspaceLogos, workspaces } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { brandColumns, brandOf } from "~/modules/brand/brand.server";
import { shareRound } from "~/modules/rounds/round-locks.server";
import { answerBy } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";
import { susOf, type FeedbackInput } from "./feedback.schema";
import { susScore } from "./usability";

export type DeadLinkReason = "unknown" | "revoked" | "expired" | "closed";

function linkQuery(executor: Executor, token: string) {
  return executor
    .select({
      inviteId: feedbackInvites.id,
      workspaceId: feedbackInvites.workspaceId,
      roundId: feedbackInvites.roundId,
      customerId: feedbackInvites.customerId,
      contactId: feedbackInvites.contactId,
      expiresAt: feedbackInvites.expiresAt,
      revokedAt: feedbackInvites.revokedAt,
      roundStatus: rounds.status,
      roundNumber: rounds.number,
      roundTitle: rounds.title,
      prototypeUrl: rounds.prototypeUrl,
      version: rounds.version,
      testerNotes: rounds.testerNotes,
      closesOn: rounds.closesOn,
      programId: rounds.programId,
      product: programs.product,
      customerName: customers.name,
      customerStatus: customers.status,
      contactName: contacts.name,
      contactRemovedAt: contacts.removedAt,
      stillUser: contacts.isUser,
      ...brandColumns,
    })
    .from(feedbackInvites)
    .innerJoin(rounds, eq(rounds.id, feedbackInvites.roundId))
    .innerJoin(programs, eq(programs.id, rounds.programId))
    .innerJoin(customers, eq(customers.id, feedbackInvites.customerId))
    .innerJoin(contacts, eq(contacts.id, feedbackInvites.contactId))
    .innerJoin(workspaces, eq(workspaces.id, feedbackInvites.workspaceId))
    .leftJoin(workspaceLogos, eq(workspaceLogos.workspaceId, feedbackInvites.workspaceId))
    .where(eq(feedbackInvites.tokenHash, hashToken(token)))
    .limit(1);
}

type Link = Awaited<ReturnType<typeof linkQuery>>[number];

function deadReason(link: Link | undefined): DeadLinkReason | null {
  if (!link) return "unknown";
  // Removed from the unit, no longer a user, or the customer withdrew: their links end.
  if (link.revokedAt || link.contactRemovedAt || !link.stillUser || link.customerStatus === "withdrawn") return "revoked";
  if (link.roundStatus === "closed") return "closed";
  if (link.roundStatus !== "open" || link.expiresAt <= clock.now()) return "expired";
  return null;
}

const plausibleToken = (token: string) => token.length > 20 && token.length < 100;

/** What the feedback page shows for a link. Reading it changes nothing. */
export async function loadFeedbackPage(token: string) {
  const [link] = plausibleToken(token) ? await linkQuery(db(), token) : [];
  const dead = deadReason(link);
  if (dead || !link) return { state: dead ?? "unknown" } as const;
  const [tasks, [response]] = await Promise.all([
    db()
      .select({ id: roundTasks.id, instruction: roundTasks.instruction, successCriteria: roundTasks.successCriteria })
      .from(roundTasks)
      .where(eq(roundTasks.roundId, link.roundId))
      .orderBy(asc(roundTasks.position)),
    db()
      .select({ id: userResponses.id, sus: userResponses.sus, confusing: userResponses.confusing, missing: userResponses.missing, version: userResponses.version, updatedAt: userResponses.updatedAt })
      .from(userResponses)
      .where(and(eq(userResponses.roundId, link.roundId), eq(userResponses.contactId, link.contactId))),
  ]);
  const outcomes = response
    ? await db()
        .select({ taskId: userResponseTasks.taskId, outcome: userResponseTasks.outcome, comment: userResponseTasks.comment })
        .from(userResponseTasks)
        .where(eq(userResponseTasks.responseId, response.id))
    : [];
  return {
    state: "ok" as const,
    round: { number: link.roundNumber, title: link.roundTitle, prototypeUrl: link.prototypeUrl, version: link.version, testerNotes: link.testerNotes },
    answerBy: answerBy(link.closesOn, clock.now()),
    product: link.product,
    brand: { ...brandOf(link), productName: link.product },
    customerName: link.customerName,
    contactName: link.contactName,
    tasks,
    response: response ? { ...response, outcomes } : null,
  };
}

const sameAnswers = (
  before: { sus: number[]; confusing: string; missing: string; outcomes: { taskId: string; outcome: string; comment: string }[] },
  input: FeedbackInput,
) =>
  before.sus.join() === susOf(input).join() &&
  before.confusing === input.confusing &&
  before.missing === input.missing &&
  input.tasks.every((t) => before.outcomes.some((o) => o.taskId === t.taskId && o.outcome === t.outcome && o.comment === t.comment));

/**
 * Stores a user's response. One response per user and round (a database key): a later submission
 * replaces it and keeps the earlier version; an identical resubmission (a double click, a retry)
 * records nothing new.
 */
export async function submitFeedback({ token, input, origin }: { token: string; input: FeedbackInput; origin: RequestOrigin }) {
  return db().transaction(async (tx) => {
    const [target] = plausibleToken(token)
      ? await tx.select({ roundId: feedbackInvites.roundId, contactId: feedbackInvites.contactId }).from(feedbackInvites).where(eq(feedbackInvites.tokenHash, hashToken(token)))
      : [];
    if (!target) throw new AppError("not_found", "unknown");
    // The documented lock order (rounds/round-locks.server.ts): the round shared, then the person —
    // one writer per person at a time, whichever of their links they use. Then the link is read
    // again: a close, a re-send or a removal that committed meanwhile is seen.
    await shareRound(tx, target.roundId);
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, target.contactId)).for("update");
    const [link] = await linkQuery(tx, token);
    const dead = deadReason(link);
    if (dead || !link) throw new AppError("not_found", dead ?? "unknown");

    const tasks = await tx.select({ id: roundTasks.id }).from(roundTasks).where(eq(roundTasks.roundId, link.roundId));
    const submitted = new Set(input.tasks.map((t) => t.taskId));
    if (submitted.size !== input.tasks.length || tasks.length !== submitted.size || tasks.some((t) => !submitted.has(t.id)))
      throw new AppError("invalid", "The round's tasks have changed since this page was loaded. Reload the page and answer again.");

    const sus = susOf(input);
    const score = susScore(sus);
    const now = clock.now();
    const [existing] = await tx
      .select({ id: userResponses.id, sus: userResponses.sus, confusing: userResponses.confusing, missing: userResponses.missing, version: userResponses.version, submittedAt: userResponses.updatedAt })
      .from(userResponses)
      .where(and(eq(userResponses.roundId, link.roundId), eq(userResponses.contactId, link.contactId)))
      .for("update");
    const audit = { workspaceId: link.workspaceId, programId: link.programId, customerId: link.customerId, roundId: link.roundId };
    const actor = { type: "user" as const, contactId: link.contactId, ...origin };
    const taskRows = (responseId: string) =>
      input.tasks.map((t) => ({ workspaceId: link.workspaceId, responseId, roundId: link.roundId, taskId: t.taskId, outcome: t.outcome, comment: t.comment }));

    if (!existing) {
      const [created] = await tx
        .insert(userResponses)
        .values({
          workspaceId: link.workspaceId,
          roundId: link.roundId,
          customerId: link.customerId,
          contactId: link.contactId,
          inviteId: link.inviteId,
          sus,
          susScore: score,
          confusing: input.confusing,
          missing: input.missing,
          submittedAt: now,
          updatedAt: now,
        })
        .returning({ id: userResponses.id });
      await tx.insert(userResponseTasks).values(taskRows(created.id));
      await recordAudit(tx, actor, { ...audit, action: "feedback.submitted", subjectId: created.id, details: { sus: score, link: tokenPrefix(hashToken(token)) } });
      return { status: "created" as const, at: now };
    }

    const outcomes = await tx
      .select({ taskId: userResponseTasks.taskId, outcome: userResponseTasks.outcome, comment: userResponseTasks.comment })
      .from(userResponseTasks)
      .where(eq(userResponseTasks.responseId, existing.id));
    if (sameAnswers({ ...existing, outcomes }, input)) return { status: "unchanged" as const, at: existing.submittedAt };

    await tx.insert(userResponseVersions).values({
      workspaceId: link.workspaceId,
      responseId: existing.id,
      version: existing.version,
      answers: { sus: existing.sus, confusing: existing.confusing, missing: existing.missing, tasks: outcomes },
      submittedAt: existing.submittedAt,
      supersededAt: now,
    });
    await tx
      .update(userResponses)
      .set({ sus, susScore: score, confusing: input.confusing, missing: input.missing, version: existing.version + 1, updatedAt: now, inviteId: link.inviteId })
      .where(eq(userResponses.id, existing.id));
    await tx.delete(userResponseTasks).where(eq(userResponseTasks.responseId, existing.id));
    await tx.insert(userResponseTasks).values(taskRows(existing.id));
    await recordAudit(tx, actor, { ...audit, action: "feedback.updated", subjectId: existing.id, details: { sus: score, version: existing.version + 1 } });
    return { status: "updated" as const, at: now };
  });
}
