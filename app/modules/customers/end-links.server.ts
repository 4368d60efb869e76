import { and, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Transaction } from "#db/client";
import { feedbackInvites, signoffLinks, signoffRequests, signoffs } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { clock } from "~/utils/clock.server";

/** Why a person's links end: they left the unit, lost a role, or their customer withdrew. */
export type LinkEndReason = "contact_removed" | "role_removed" | "customer_withdrawn";

const notClosed = (roundId: typeof feedbackInvites.roundId | typeof signoffRequests.roundId) =>
  sql`exists (select 1 from rounds r where r.id = ${roundId} and r.status <> 'closed')`;

/**
 * Ends the live links of people who no longer take part, inside the caller's transaction: their
 * feedback links, their sign-off requests (superseded, so no reminder follows) with every link of
 * them, and their consent-withdrawal links. One audit row per person whose links ended. The caller
 * holds the program's live rounds and the customer (rounds/round-locks.server.ts), so no decision
 * or response through these links is in flight. Closed rounds are history and stay as they are.
 */
export async function endLinksOf(
  tx: Transaction,
  actor: MemberActor,
  { programId, customerId, contactIds, channels, reason }: { programId: string; customerId: string; contactIds: string[]; channels: { user: boolean; buyer: boolean }; reason: LinkEndReason },
) {
  if (contactIds.length === 0 || (!channels.user && !channels.buyer)) return;
  const now = clock.now();
  const feedback = channels.user
    ? await tx
        .update(feedbackInvites)
        .set({ revokedAt: now })
        .where(and(inArray(feedbackInvites.contactId, contactIds), isNull(feedbackInvites.revokedAt), gt(feedbackInvites.expiresAt, now), notClosed(feedbackInvites.roundId)))
        .returning({ contactId: feedbackInvites.contactId })
    : [];
  const requests = channels.buyer
    ? await tx
        .update(signoffRequests)
        .set({ supersededAt: now })
        .where(and(inArray(signoffRequests.contactId, contactIds), isNull(signoffRequests.supersededAt), notClosed(signoffRequests.roundId)))
        .returning({ id: signoffRequests.id, contactId: signoffRequests.contactId })
    : [];
  if (requests.length > 0)
    await tx
      .update(signoffLinks)
      .set({ revokedAt: now })
      .where(and(inArray(signoffLinks.requestId, requests.map((r) => r.id)), isNull(signoffLinks.revokedAt)));
  // The receipt's "withdraw consent" link: its hash goes, so the link is unknown from now on.
  const consents = channels.buyer
    ? await tx
        .update(signoffs)
        .set({ consentTokenHash: null })
        .where(and(inArray(signoffs.contactId, contactIds), isNotNull(signoffs.consentTokenHash)))
        .returning({ contactId: signoffs.contactId })
    : [];

  for (const contactId of contactIds) {
    const ended = {
      feedback: feedback.filter((f) => f.contactId === contactId).length,
      signoff: requests.filter((r) => r.contactId === contactId).length,
      consent: consents.filter((c) => c.contactId === contactId).length,
    };
    if (ended.feedback + ended.signoff + ended.consent === 0) continue;
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "contact.links_revoked",
      programId,
      customerId,
      subjectId: contactId,
      details: { reason, ...ended },
    });
  }
}

/** The channels a person leaves when their roles change from `before` to `after`. */
export const channelsLeft = (before: { isBuyer: boolean; isUser: boolean }, after: { isBuyer: boolean; isUser: boolean }) => ({
  buyer: before.isBuyer && !after.isBuyer,
  user: before.isUser && !after.isUser,
});
