import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, or, lt } from "drizzle-orm";
import { db } from "#db/client";
import { apiTokens, members } from "#db/schema";
import { recordAudit, type MemberActor, type RequestOrigin } from "~/modules/audit/audit.server";
import { recordSecurityEvent } from "~/modules/audit/security-events.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { hashToken, tokenPrefix } from "~/utils/tokens.server";

/**
 * Read-only workspace API tokens: a BI tool sends one as `Authorization: Bearer …` to the CSV and
 * JSON exports (and nothing else; see requireExportReader). 256 random bits behind a recognisable
 * "chr_" marker; only the SHA-256 is stored, with the first characters to tell tokens apart.
 */
const MARKER = "chr_";
const PREFIX_LENGTH = MARKER.length + 6;
/** last_used_at is refreshed at most this often, so a BI tool's pulls barely write. */
const TOUCH_INTERVAL_MS = 60_000;

function assertAdmin(actor: MemberActor) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only a workspace admin can manage API tokens.");
}

/** Creates a token; its value is returned this once and never again. */
export async function createApiToken({ actor, name }: { actor: MemberActor; name: string }) {
  assertAdmin(actor);
  const token = `${MARKER}${randomBytes(32).toString("base64url")}`;
  const hash = hashToken(token);
  const prefix = token.slice(0, PREFIX_LENGTH);
  return db().transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ workspaceId: actor.workspaceId, name, tokenHash: hash, prefix, createdById: actor.memberId }).returning({ id: apiTokens.id });
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "api_token.created", subjectId: row.id, details: { name, prefix } });
    return { id: row.id, name, prefix, token };
  });
}

export async function revokeApiToken({ actor, tokenId }: { actor: MemberActor; tokenId: string }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: clock.now() })
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.workspaceId, actor.workspaceId), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name, prefix: apiTokens.prefix });
    if (!row) throw new AppError("conflict", "That token is already revoked.");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "api_token.revoked", subjectId: tokenId, details: row });
  });
}

/** The workspace's tokens, live first, newest first; never their values. */
export async function listApiTokens(workspaceId: string) {
  return db()
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, createdBy: members.name })
    .from(apiTokens)
    .leftJoin(members, eq(members.id, apiTokens.createdById))
    .where(eq(apiTokens.workspaceId, workspaceId))
    .orderBy(apiTokens.revokedAt, desc(apiTokens.createdAt));
}

/**
 * The workspace a presented token reads, or null for an unknown, malformed or revoked one (the
 * refusal goes to the security trail, by the hash's prefix when the token belongs to a workspace).
 */
export async function authenticateApiToken(token: string, origin: RequestOrigin): Promise<{ workspaceId: string; tokenId: string } | null> {
  const hash = hashToken(token);
  const [row] = token.startsWith(MARKER) && token.length < 200
    ? await db().select({ id: apiTokens.id, workspaceId: apiTokens.workspaceId, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hash)).limit(1)
    : [];
  if (!row || row.revokedAt) {
    await recordSecurityEvent(db(), {
      workspaceId: row?.workspaceId ?? null,
      action: "api_token.refused",
      details: row ? { reason: "revoked", token: tokenPrefix(hash) } : { reason: "unknown" },
      ip: origin.ip,
    });
    return null;
  }
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await db()
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - TOUCH_INTERVAL_MS)))));
  }
  return { workspaceId: row.workspaceId, tokenId: row.id };
}
