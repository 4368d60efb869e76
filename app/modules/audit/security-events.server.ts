import { createHmac, hkdfSync } from "node:crypto";
import { lt, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { securityEvents } from "#db/schema";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";

/**
 * The security trail's store: sign-ins, refused requests and refused links. It is not the business
 * audit trail (append-only, kept for ever): these rows are pruned after
 * SECURITY_EVENT_RETENTION_DAYS, a typed email is kept only as an HMAC, and the same event from the
 * same address within a window is one row with a count, so a flood of refusals costs one row.
 */

export const SECURITY_ACTIONS = ["member.signed_in", "member.sign_in_failed", "member.signed_out", "member.password_changed", "permission.denied", "access.refused", "link.refused", "api_token.refused"] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

/** Repeats of one event within this window share a row. */
export const SECURITY_WINDOW_MS = 60 * 60_000;

let hmacKey: { secret: string; key: Buffer } | undefined;

/** HMAC with a key derived from SESSION_SECRET: a leaked table does not reveal which emails were typed. */
function keyedHash(value: string) {
  const secret = env().SESSION_SECRET;
  if (hmacKey?.secret !== secret) hmacKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", "charter security events", 32)) };
  return createHmac("sha256", hmacKey.key).update(value).digest("hex");
}

/** What identifies a typed account: the email as sign-in compares it, hashed. */
export const accountHash = (email: string) => keyedHash(`email:${email.trim().toLowerCase()}`);

export type SecurityEvent = {
  workspaceId: string | null;
  action: SecurityAction;
  memberId?: string | null;
  /** The email typed at sign-in: only its HMAC is stored. */
  typedEmail?: string;
  details?: Record<string, unknown>;
  ip: string | null;
};

/** Records one security event, or counts one more of the same within its window. */
export async function recordSecurityEvent(executor: Executor, event: SecurityEvent) {
  const now = clock.now();
  const emailHash = event.typedEmail === undefined ? null : accountHash(event.typedEmail);
  const details = event.details ?? {};
  const fingerprint = keyedHash(JSON.stringify([event.workspaceId, event.action, event.memberId ?? null, emailHash, details, event.ip]));
  const windowStart = new Date(Math.floor(now.getTime() / SECURITY_WINDOW_MS) * SECURITY_WINDOW_MS);
  await executor
    .insert(securityEvents)
    .values({ workspaceId: event.workspaceId, action: event.action, memberId: event.memberId ?? null, emailHash, details, ip: event.ip, fingerprint, windowStart, firstAt: now, lastAt: now })
    .onConflictDoUpdate({
      target: [securityEvents.fingerprint, securityEvents.windowStart],
      set: { occurrences: sql`${securityEvents.occurrences} + 1`, lastAt: sql`greatest(${securityEvents.lastAt}, excluded.last_at)` },
    });
}

/** Deletes security events last seen before the retention period; run by the background work. */
export async function pruneSecurityEvents(now = clock.now()) {
  const before = new Date(now.getTime() - env().SECURITY_EVENT_RETENTION_DAYS * 24 * 60 * 60_000);
  const removed = await db().delete(securityEvents).where(lt(securityEvents.lastAt, before)).returning({ id: securityEvents.id });
  return removed.length;
}
