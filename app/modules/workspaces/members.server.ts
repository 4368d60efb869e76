import { and, asc, count, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { memberInvitations, members, sessions, workspaces } from "#db/schema";
import type { EmailState } from "~/components/email-status";
import { emailStateSql, queueEmail } from "~/modules/email/outbox.server";
import { env } from "~/utils/env.server";
import { recordAudit, type MemberActor, type MemberRole, type RequestOrigin } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { isUniqueViolation } from "~/utils/db-errors";
import { hashToken, newToken, tokenPrefix } from "~/utils/tokens.server";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function assertAdmin(actor: MemberActor) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only a workspace admin can manage members.");
}

export async function listMembers(workspaceId: string) {
  return db()
    .select({ id: members.id, name: members.name, email: members.email, role: members.role, createdAt: members.createdAt })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), isNull(members.deactivatedAt)))
    .orderBy(asc(members.name));
}

export async function listPendingInvitations(workspaceId: string) {
  return db()
    .select({
      id: memberInvitations.id,
      name: memberInvitations.name,
      email: memberInvitations.email,
      role: memberInvitations.role,
      expiresAt: memberInvitations.expiresAt,
      emailStatus: sql<EmailState | null>`(select ${emailStateSql} from email_outbox e where e.subject_id = member_invitations.id order by e.created_at desc limit 1)`,
      emailNextAttemptAt: sql<Date | null>`(select e.next_attempt_at from email_outbox e where e.subject_id = member_invitations.id order by e.created_at desc limit 1)`.mapWith((v) => (v ? new Date(v) : null)),
    })
    .from(memberInvitations)
    .where(
      and(
        eq(memberInvitations.workspaceId, workspaceId),
        isNull(memberInvitations.acceptedAt),
        isNull(memberInvitations.revokedAt),
        gt(memberInvitations.expiresAt, clock.now()),
      ),
    )
    .orderBy(desc(memberInvitations.createdAt));
}

/** The pending invitations of an email in a workspace (the ones whose links still work). */
const pendingFor = (workspaceId: string, email: string) =>
  and(eq(memberInvitations.workspaceId, workspaceId), eq(memberInvitations.email, email), isNull(memberInvitations.acceptedAt), isNull(memberInvitations.revokedAt));

/**
 * Invites a teammate by email with a one-time link; only the token's hash is stored. Inviting the
 * same address again replaces its pending invitation (the earlier link stops working). Whether the
 * address has an account in *another* workspace is not said here: that would tell one workspace
 * about another's members. The invitee learns it on the invitation page.
 */
export async function inviteMember({ actor, name, email, role }: { actor: MemberActor; name: string; email: string; role: MemberRole }) {
  assertAdmin(actor);
  return db().transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.email, email), eq(members.workspaceId, actor.workspaceId), isNull(members.deactivatedAt)))
      .limit(1);
    if (existing) throw new AppError("conflict", "This person is already a member of your workspace.", "email");
    const replaced = await tx.update(memberInvitations).set({ revokedAt: clock.now() }).where(pendingFor(actor.workspaceId, email)).returning({ id: memberInvitations.id });
    const { token, hash } = newToken();
    const [invitation] = await tx
      .insert(memberInvitations)
      .values({
        workspaceId: actor.workspaceId,
        email,
        name,
        role,
        tokenHash: hash,
        invitedById: actor.memberId,
        expiresAt: new Date(clock.now().getTime() + INVITATION_TTL_MS),
      })
      .returning({ id: memberInvitations.id });
    const [[inviter], [workspace]] = await Promise.all([
      tx.select({ name: members.name }).from(members).where(eq(members.id, actor.memberId)),
      tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, actor.workspaceId)),
    ]);
    await queueEmail(tx, {
      workspaceId: actor.workspaceId,
      to: email,
      subjectId: invitation.id,
      template: "teammate-invite",
      props: { inviteeName: name, inviterName: inviter.name, workspaceName: workspace.name, role, link: `${env().APP_URL}/invitations/${token}` },
    });
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "member.invited",
      subjectId: invitation.id,
      details: { email, role, token: tokenPrefix(hash), ...(replaced.length ? { replaced: replaced.length } : {}) },
    });
    return { invitationId: invitation.id, token, replaced: replaced.length };
  });
}

export async function revokeInvitation({ actor, invitationId }: { actor: MemberActor; invitationId: string }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(memberInvitations)
      .set({ revokedAt: clock.now() })
      .where(
        and(
          eq(memberInvitations.id, invitationId),
          eq(memberInvitations.workspaceId, actor.workspaceId),
          isNull(memberInvitations.acceptedAt),
          isNull(memberInvitations.revokedAt),
        ),
      )
      .returning({ email: memberInvitations.email });
    if (!row) throw new AppError("not_found", "That invitation is no longer pending.");
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "member.invitation_revoked",
      subjectId: invitationId,
      details: { email: row.email },
    });
  });
}

async function liveInvitation(tx: Executor, token: string) {
  const [invitation] = await tx
    .select({
      id: memberInvitations.id,
      workspaceId: memberInvitations.workspaceId,
      email: memberInvitations.email,
      name: memberInvitations.name,
      role: memberInvitations.role,
      expiresAt: memberInvitations.expiresAt,
      acceptedAt: memberInvitations.acceptedAt,
      revokedAt: memberInvitations.revokedAt,
    })
    .from(memberInvitations)
    .where(eq(memberInvitations.tokenHash, hashToken(token)))
    .limit(1);
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= clock.now()) return null;
  return invitation;
}

/** What the invitation page shows; null when the link is unknown, used, revoked or expired. */
export async function findInvitation(token: string) {
  const invitation = await liveInvitation(db(), token);
  if (!invitation) return null;
  const [from] = await db()
    .select({ workspaceName: workspaces.name, inviterName: members.name })
    .from(memberInvitations)
    .innerJoin(workspaces, eq(workspaces.id, memberInvitations.workspaceId))
    .leftJoin(members, eq(members.id, memberInvitations.invitedById))
    .where(eq(memberInvitations.id, invitation.id));
  return { ...invitation, workspaceName: from?.workspaceName ?? null, inviterName: from?.inviterName ?? null };
}

export async function acceptInvitation({ token, name, password, origin }: { token: string; name: string; password: string; origin: RequestOrigin }) {
  const passwordHash = await hashPassword(password);
  try {
    return await db().transaction(async (tx) => {
      // Lock the invitation, then read it again: a revoke or another accept that committed while
      // this one waited is seen (the lock order of rounds/round-locks.server.ts, step 4).
      const [locked] = await tx.select({ id: memberInvitations.id }).from(memberInvitations).where(eq(memberInvitations.tokenHash, hashToken(token))).for("update");
      const invitation = locked ? await liveInvitation(tx, token) : null;
      if (!invitation) throw new AppError("not_found", "This invitation link is no longer valid. Ask your workspace admin for a new one.");
      await tx.update(memberInvitations).set({ acceptedAt: clock.now() }).where(eq(memberInvitations.id, invitation.id));
      // Any other pending invitation of the same address to this workspace is now pointless.
      await tx.update(memberInvitations).set({ revokedAt: clock.now() }).where(and(pendingFor(invitation.workspaceId, invitation.email), ne(memberInvitations.id, invitation.id)));
      const [member] = await tx
        .insert(members)
        .values({ workspaceId: invitation.workspaceId, name, email: invitation.email, passwordHash, role: invitation.role })
        .returning({ id: members.id, workspaceId: members.workspaceId });
      await recordAudit(tx, { type: "member", memberId: member.id, ...origin }, {
        workspaceId: invitation.workspaceId,
        action: "member.joined",
        subjectId: member.id,
        details: { email: invitation.email, role: invitation.role },
      });
      return member;
    });
  } catch (error) {
    if (isUniqueViolation(error, "members_email_key"))
      throw new AppError("conflict", "This email address already has a Charter account, and an account belongs to one workspace. Sign in with it, or ask the admin who invited you to invite another address.");
    throw error;
  }
}

async function otherAdmins(tx: Executor, workspaceId: string, memberId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), eq(members.role, "admin"), isNull(members.deactivatedAt), ne(members.id, memberId)));
  return row?.n ?? 0;
}

async function lockMember(tx: Executor, workspaceId: string, memberId: string) {
  const [member] = await tx
    .select({ id: members.id, role: members.role, email: members.email })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.workspaceId, workspaceId), isNull(members.deactivatedAt)))
    .for("update");
  if (!member) throw new AppError("not_found", "That member is not in this workspace.");
  return member;
}

export async function changeMemberRole({ actor, memberId, role }: { actor: MemberActor; memberId: string; role: MemberRole }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const member = await lockMember(tx, actor.workspaceId, memberId);
    if (member.role === role) return;
    if (member.role === "admin" && (await otherAdmins(tx, actor.workspaceId, memberId)) === 0)
      throw new AppError("conflict", "A workspace needs at least one admin. Make someone else admin first.");
    await tx.update(members).set({ role }).where(eq(members.id, memberId));
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "member.role_changed",
      subjectId: memberId,
      details: { email: member.email, from: member.role, to: role },
    });
  });
}

/** Removes a member from the workspace: the account is deactivated and its sessions end now. */
export async function removeMember({ actor, memberId }: { actor: MemberActor; memberId: string }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const member = await lockMember(tx, actor.workspaceId, memberId);
    if (member.role === "admin" && (await otherAdmins(tx, actor.workspaceId, memberId)) === 0)
      throw new AppError("conflict", "A workspace needs at least one admin. Make someone else admin first.");
    const now = clock.now();
    // Free the address for a later invitation while keeping the row for the audit trail.
    await tx
      .update(members)
      .set({ deactivatedAt: now, email: `removed+${memberId}@invalid` })
      .where(eq(members.id, memberId));
    await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.memberId, memberId), isNull(sessions.revokedAt)));
    await recordAudit(tx, actor, {
      workspaceId: actor.workspaceId,
      action: "member.removed",
      subjectId: memberId,
      details: { email: member.email },
    });
  });
}
