import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Executor, Transaction } from "#db/client";
import { contacts, customers, feedbackInvites, roundTasks, workspaces } from "#db/schema";
import type { FeedbackInviteProps } from "#emails/feedback-invite";
import { queueEmail } from "~/modules/email/outbox.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { newToken, tokenPrefix } from "~/utils/tokens.server";
import { answerBy } from "./schedule";

/**
 * Users' personal feedback links: who gets one (the users of a program's active customers) and
 * how one is issued with its email. Opening a round, a re-send, the PM's reminder and the
 * reminders before the planned close all go through here, so they reach the same people.
 */

/** A feedback link lives at most this long; closing the round ends it sooner. */
export const FEEDBACK_LINK_TTL_MS = 90 * 24 * 60 * 60 * 1000;

export type LinkTarget = { contactId: string; customerId: string; email: string; name: string; customerName: string };
export type RoundContext = { id: string; number: number; title: string; closesOn: string | null; tasks: number; product: string; teamName: string };

/** What a user's invitation (or reminder) says: the same for the email sent and its preview. */
export function invitationProps(round: RoundContext, target: Pick<LinkTarget, "name" | "customerName">, link: string, now: Date): FeedbackInviteProps {
  return {
    recipientName: target.name.split(" ")[0] || target.name,
    customerName: target.customerName,
    productName: round.product,
    teamName: round.teamName,
    roundNumber: round.number,
    roundTitle: round.title,
    taskCount: round.tasks,
    link,
    answerBy: answerBy(round.closesOn, now),
  };
}

/** Creates a personal feedback link and queues its email, inside the caller's transaction. */
export async function issueFeedbackLink(tx: Transaction, workspaceId: string, round: RoundContext, target: LinkTarget, template: "feedback-invite" | "feedback-reminder") {
  const { token, hash } = newToken();
  const now = clock.now();
  const [invite] = await tx
    .insert(feedbackInvites)
    .values({
      workspaceId,
      roundId: round.id,
      customerId: target.customerId,
      contactId: target.contactId,
      tokenHash: hash,
      createdAt: now,
      sentAt: now,
      expiresAt: new Date(now.getTime() + FEEDBACK_LINK_TTL_MS),
    })
    .returning({ id: feedbackInvites.id });
  await queueEmail(tx, {
    workspaceId,
    to: target.email,
    subjectId: invite.id,
    template,
    props: invitationProps(round, target, `${env().APP_URL}/f/${token}`, now),
  });
  return { inviteId: invite.id, tokenHashPrefix: tokenPrefix(hash) };
}

export async function roundContext(tx: Executor, workspaceId: string, round: { id: string; number: number; title: string; closesOn: string | null }, product: string): Promise<RoundContext> {
  const [[team], [taskCount]] = await Promise.all([
    tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    tx.select({ n: count() }).from(roundTasks).where(eq(roundTasks.roundId, round.id)),
  ]);
  return { id: round.id, number: round.number, title: round.title, closesOn: round.closesOn, tasks: taskCount.n, product, teamName: team.name };
}

/** The user contacts of the program's active customers: who gets a feedback link. */
export function userTargets(tx: Executor, workspaceId: string, programId: string, contactId?: string) {
  return tx
    .select({ contactId: contacts.id, customerId: customers.id, email: contacts.email, name: contacts.name, customerName: customers.name })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(
      and(
        eq(customers.workspaceId, workspaceId),
        eq(customers.programId, programId),
        eq(customers.status, "active"),
        eq(contacts.isUser, true),
        isNull(contacts.removedAt),
        contactId ? eq(contacts.id, contactId) : undefined,
      ),
    )
    .orderBy(asc(customers.name), asc(contacts.name));
}
