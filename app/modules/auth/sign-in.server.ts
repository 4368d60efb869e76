import { and, eq, isNull } from "drizzle-orm";
import { db } from "#db/client";
import { members } from "#db/schema";
import { recordAudit, type RequestOrigin } from "~/modules/audit/audit.server";
import { AppError } from "~/utils/errors";
import { verifyPassword } from "./password.server";

/** Checks email and password; every attempt, good or bad, lands in the audit trail. */
export async function signIn({ email, password, origin }: { email: string; password: string; origin: RequestOrigin }) {
  const [member] = await db()
    .select({ id: members.id, workspaceId: members.workspaceId, passwordHash: members.passwordHash })
    .from(members)
    .where(and(eq(members.email, email), isNull(members.deactivatedAt)))
    .limit(1);
  const ok = await verifyPassword(member?.passwordHash ?? null, password);
  if (!member || !ok) {
    await recordAudit(db(), { type: "anonymous", ...origin }, {
      workspaceId: member?.workspaceId ?? null,
      action: "member.sign_in_failed",
      subjectId: member?.id ?? null,
      details: { email },
    });
    throw new AppError("invalid", "That email and password do not match an account.");
  }
  await recordAudit(db(), { type: "member", memberId: member.id, ...origin }, {
    workspaceId: member.workspaceId,
    action: "member.signed_in",
    subjectId: member.id,
  });
  return { id: member.id, workspaceId: member.workspaceId };
}
