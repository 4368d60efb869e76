import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db } from "#db/client";
import { auditEvents, feedbackInvites, memberInvitations, members, rounds, signoffLinks, signoffRequests, signoffs } from "#db/schema";
import { getSignedInMember } from "~/modules/auth/session.server";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";
import { recordAudit, type RequestOrigin } from "./audit.server";

/**
 * The security trail: refused links and refused access are recorded next to sign-ins, so a
 * workspace admin (and an auditor reviewing Charter) can see who tried what. These events are
 * written on GET as well: appending to the audit trail is not a change of the workspace's data.
 */

export type LinkKind = "feedback" | "signoff" | "consent" | "invitation";

/** Where a token points, when it points anywhere: the workspace (and round) it belongs to. */
type Owner = { workspaceId: string; programId?: string; roundId?: string; customerId?: string };

async function linkOwner(kind: LinkKind, tokenHash: string): Promise<Owner | undefined> {
  const one = <T>(rows: T[]) => rows[0];
  switch (kind) {
    case "feedback":
      return one(
        await db()
          .select({ workspaceId: feedbackInvites.workspaceId, roundId: feedbackInvites.roundId, customerId: feedbackInvites.customerId, programId: rounds.programId })
          .from(feedbackInvites)
          .innerJoin(rounds, eq(rounds.id, feedbackInvites.roundId))
          .where(eq(feedbackInvites.tokenHash, tokenHash))
          .limit(1),
      );
    case "signoff":
      return one(
        await db()
          .select({ workspaceId: signoffLinks.workspaceId, roundId: signoffRequests.roundId, customerId: signoffRequests.customerId, programId: rounds.programId })
          .from(signoffLinks)
          .innerJoin(signoffRequests, eq(signoffRequests.id, signoffLinks.requestId))
          .innerJoin(rounds, eq(rounds.id, signoffRequests.roundId))
          .where(eq(signoffLinks.tokenHash, tokenHash))
          .limit(1),
      );
    case "consent":
      return one(
        await db()
          .select({ workspaceId: signoffs.workspaceId, roundId: signoffs.roundId, customerId: signoffs.customerId, programId: rounds.programId })
          .from(signoffs)
          .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
          .where(eq(signoffs.consentTokenHash, tokenHash))
          .limit(1),
      );
    case "invitation":
      return one(await db().select({ workspaceId: memberInvitations.workspaceId }).from(memberInvitations).where(eq(memberInvitations.tokenHash, tokenHash)).limit(1));
  }
}

/**
 * Records a refused use of an emailed link (opening or posting). Only an 8-character prefix of the
 * token's hash is kept, never the token. A link that never existed is recorded without a workspace.
 */
export async function recordRefusedLink({ kind, token, reason, method, origin }: { kind: LinkKind; token: string; reason: string; method: string; origin: RequestOrigin }) {
  const tokenHash = hashToken(token);
  const owner = token.length > 0 && token.length < 200 ? await linkOwner(kind, tokenHash) : undefined;
  await recordAudit(db(), { type: "anonymous", ...origin }, {
    workspaceId: owner?.workspaceId ?? null,
    action: "link.refused",
    programId: owner?.programId,
    roundId: owner?.roundId,
    customerId: owner?.customerId,
    details: { kind, reason: owner ? reason : "unknown", method, link: tokenPrefix(tokenHash) },
  });
}

/**
 * Records a page or data request a signed-in member was refused: a 403 (a viewer on an editor's
 * page) or a 404 (an id outside their workspace looks exactly like one that does not exist).
 * Refused writes are recorded where they are refused (requireEditor, requireAdmin).
 */
export async function recordRefusedAccess(request: Request, status: number, origin: RequestOrigin) {
  const member = await getSignedInMember(request);
  if (!member) return;
  const url = new URL(request.url);
  await recordAudit(db(), { type: "member", memberId: member.id, ...origin }, {
    workspaceId: member.workspaceId,
    action: status === 403 ? "permission.denied" : "access.refused",
    details: { method: request.method, path: url.pathname.replace(/\.data$/, ""), status },
  });
}

/** Paths of emailed links: their refusals are recorded by the link's own page, with the reason. */
export const isLinkPath = (pathname: string) => /^\/(f|s|consent|invitations)\//.test(pathname);

export const SECURITY_ACTIONS = ["member.signed_in", "member.sign_in_failed", "member.signed_out", "member.password_changed", "permission.denied", "access.refused", "link.refused"] as const;

/** The workspace's recent security events, newest first, for its admins. */
export async function securityLog(workspaceId: string, limit = 50) {
  return db()
    .select({ id: auditEvents.id, at: auditEvents.createdAt, action: auditEvents.action, details: sql<Record<string, unknown>>`${auditEvents.details}`, ip: auditEvents.ip, memberName: members.name })
    .from(auditEvents)
    .leftJoin(members, eq(members.id, auditEvents.actorMemberId))
    .where(and(eq(auditEvents.workspaceId, workspaceId), inArray(auditEvents.action, [...SECURITY_ACTIONS])))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(limit);
}
