import { and, eq, isNull } from "drizzle-orm";
import { db } from "#db/client";
import { members } from "#db/schema";
import type { RequestOrigin } from "~/modules/audit/audit.server";
import { recordSecurityEvent } from "~/modules/audit/security-events.server";
import { AppError } from "~/utils/errors";
import { verifyPassword } from "./password.server";

/** Checks email and password; every attempt, good or bad, lands in the security trail (the typed email only as a hash). */
export async function signIn({ email, password, origin }: { email: string; password: string; origin: RequestOrigin }) {
  const [member] = await db()
    .select({ id: members.id, workspaceId: members.workspaceId, passwordHash: members.passwordHash })
    .from(members)
    .where(and(eq(members.email, email), isNull(members.deactivatedAt)))
    .limit(1);
  const ok = await verifyPassword(member?.passwordHash ?? null, password);
  if (!member || !ok) {
    await recordSecurityEvent(db(), {
      workspaceId: member?.workspaceId ?? null,
      action: "member.sign_in_failed",
      memberId: member?.id ?? null,
      typedEmail: email,
      ip: origin.ip,
    });
    throw new AppError("invalid", "That email and password do not match an account.");
  }
  await recordSecurityEvent(db(), { workspaceId: member.workspaceId, action: "member.signed_in", memberId: member.id, ip: origin.ip });
  return { id: member.id, workspaceId: member.workspaceId };
}
