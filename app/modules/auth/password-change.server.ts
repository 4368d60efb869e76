import { and, eq, isNull, ne } from "drizzle-orm";
import { db } from "#db/client";
import { members, sessions } from "#db/schema";
import type { MemberActor } from "~/modules/audit/audit.server";
import { recordSecurityEvent } from "~/modules/audit/security-events.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { hashPassword, verifyPassword } from "./password.server";

/** Changes the member's password and ends every other session of theirs on the server. */
export async function changePassword({ actor, sessionId, currentPassword, newPassword }: { actor: MemberActor; sessionId: string; currentPassword: string; newPassword: string }) {
  const [member] = await db().select({ passwordHash: members.passwordHash }).from(members).where(eq(members.id, actor.memberId));
  if (!member || !(await verifyPassword(member.passwordHash, currentPassword))) throw new AppError("invalid", "That is not your current password.", "currentPassword");
  const passwordHash = await hashPassword(newPassword);
  const ended = await db().transaction(async (tx) => {
    await tx.update(members).set({ passwordHash }).where(eq(members.id, actor.memberId));
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: clock.now() })
      .where(and(eq(sessions.memberId, actor.memberId), isNull(sessions.revokedAt), ne(sessions.id, sessionId)))
      .returning({ id: sessions.id });
    await recordSecurityEvent(tx, { workspaceId: actor.workspaceId, action: "member.password_changed", memberId: actor.memberId, details: { otherSessionsEnded: revoked.length }, ip: actor.ip });
    return revoked.length;
  });
  return { otherSessionsEnded: ended };
}
