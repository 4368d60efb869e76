import { and, desc, eq, sql } from "drizzle-orm";
import { db } from "#db/client";
import { clearanceLinks, feedbackInvites, memberInvitations, members, quoteLinks, referenceLinks, securityEvents, signoffLinks, signoffs } from "#db/schema";
import { getSignedInMember } from "~/modules/auth/session.server";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";
import type { RequestOrigin } from "./audit.server";
import { recordSecurityEvent } from "./security-events.server";

/**
 * What the security trail records about emailed links and refused pages, and what admins see of
 * it, so a workspace admin (and an auditor reviewing Charter) can see who tried what. Written on
 * GET too: recording a refusal is not a change of the workspace's data.
 */

export type LinkKind = "feedback" | "signoff" | "clearance" | "consent" | "invitation" | "quote" | "reference";

async function linkWorkspace(kind: LinkKind, tokenHash: string): Promise<string | undefined> {
  const one = (rows: { workspaceId: string }[]) => rows[0]?.workspaceId;
  switch (kind) {
    case "feedback":
      return one(await db().select({ workspaceId: feedbackInvites.workspaceId }).from(feedbackInvites).where(eq(feedbackInvites.tokenHash, tokenHash)).limit(1));
    case "signoff":
      return one(
        await db().select({ workspaceId: signoffLinks.workspaceId }).from(signoffLinks).where(eq(signoffLinks.tokenHash, tokenHash)).limit(1),
      );
    case "clearance":
      return one(await db().select({ workspaceId: clearanceLinks.workspaceId }).from(clearanceLinks).where(eq(clearanceLinks.tokenHash, tokenHash)).limit(1));
    case "consent":
      return one(await db().select({ workspaceId: signoffs.workspaceId }).from(signoffs).where(eq(signoffs.consentTokenHash, tokenHash)).limit(1));
    case "invitation":
      return one(await db().select({ workspaceId: memberInvitations.workspaceId }).from(memberInvitations).where(eq(memberInvitations.tokenHash, tokenHash)).limit(1));
    case "quote":
      return one(await db().select({ workspaceId: quoteLinks.workspaceId }).from(quoteLinks).where(eq(quoteLinks.tokenHash, tokenHash)).limit(1));
    case "reference":
      return one(await db().select({ workspaceId: referenceLinks.workspaceId }).from(referenceLinks).where(eq(referenceLinks.tokenHash, tokenHash)).limit(1));
  }
}

/**
 * Records a refused use of an emailed link (opening or posting). A link of a workspace is recorded
 * there by an 8-character prefix of its hash, never the token; a link that never existed is
 * recorded without a workspace or prefix, so guessing many tokens from one address is one row.
 */
export async function recordRefusedLink({ kind, token, reason, method, origin }: { kind: LinkKind; token: string; reason: string; method: string; origin: RequestOrigin }) {
  const tokenHash = hashToken(token);
  const workspaceId = token.length > 0 && token.length < 200 ? await linkWorkspace(kind, tokenHash) : undefined;
  await recordSecurityEvent(db(), {
    workspaceId: workspaceId ?? null,
    action: "link.refused",
    details: workspaceId ? { kind, reason, method, link: tokenPrefix(tokenHash) } : { kind, reason: "unknown", method },
    ip: origin.ip,
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
  await recordSecurityEvent(db(), {
    workspaceId: member.workspaceId,
    action: status === 403 ? "permission.denied" : "access.refused",
    memberId: member.id,
    details: { method: request.method, path: url.pathname.replace(/\.data$/, ""), status },
    ip: origin.ip,
  });
}

/** Paths of emailed links: their refusals are recorded by the link's own page, with the reason. */
export const isLinkPath = (pathname: string) => /^\/(f|s|g|q|r|consent|invitations)\//.test(pathname);

/** The workspace's recent security events, newest first, for its admins. */
export async function securityLog(workspaceId: string, limit = 50) {
  return db()
    .select({
      id: securityEvents.id,
      at: securityEvents.lastAt,
      firstAt: securityEvents.firstAt,
      occurrences: securityEvents.occurrences,
      action: securityEvents.action,
      details: sql<Record<string, unknown>>`${securityEvents.details}`,
      ip: securityEvents.ip,
      memberName: members.name,
    })
    .from(securityEvents)
    .leftJoin(members, and(eq(members.id, securityEvents.memberId), eq(members.workspaceId, securityEvents.workspaceId)))
    .where(eq(securityEvents.workspaceId, workspaceId))
    .orderBy(desc(securityEvents.lastAt), desc(securityEvents.id))
    .limit(limit);
}
