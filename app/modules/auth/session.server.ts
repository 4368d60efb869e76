import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, prepared } from "#db/client";
import { members, noticeReads, notices, sessions, workspaces } from "#db/schema";
import type { MemberActor, MemberRole } from "~/modules/audit/audit.server";
import { recordSecurityEvent } from "~/modules/audit/security-events.server";
import { clock } from "~/utils/clock.server";
import { oncePerRequest } from "~/utils/request-scope.server";
import { env, isProduction } from "~/utils/env.server";
import { requestOrigin } from "~/utils/request.server";
import { hashToken, newToken } from "~/utils/tokens.server";

/** A session ends after this long without a request … */
export const SESSION_IDLE_MS = 3 * 24 * 60 * 60 * 1000;
/** … and after this long in any case. */
export const SESSION_ABSOLUTE_MS = 14 * 24 * 60 * 60 * 1000;
/** lastSeenAt is refreshed at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(isProduction() ? "__Host-charter_session" : "charter_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: isProduction(),
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
  return cookie;
}

export type SignedInMember = {
  id: string;
  name: string;
  email: string;
  role: MemberRole;
  workspaceId: string;
  workspaceName: string;
  sessionId: string;
  /** Notices this member has not read (viewers have none): the layout's badge, read with the session. */
  unreadNotices: number;
};

/** Starts a session with a fresh id and returns the Set-Cookie header value. */
export async function createSession(
  member: { id: string; workspaceId: string },
  origin: { ip: string | null; userAgent: string | null },
) {
  const { token, hash } = newToken();
  const now = clock.now();
  await db()
    .insert(sessions)
    .values({
      tokenHash: hash,
      workspaceId: member.workspaceId,
      memberId: member.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      ip: origin.ip,
      userAgent: origin.userAgent,
    });
  return sessionCookie().serialize(token);
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * The signed-in member, or null. Expired and revoked sessions count as signed out. A page's loaders
 * (the layout's and the page's) share one lookup; an action always looks again.
 */
export async function getSignedInMember(request: Request): Promise<SignedInMember | null> {
  const token = await readToken(request);
  if (!token) return null;
  if (request.method !== "GET" && request.method !== "HEAD") return lookUpSession(token);
  return oncePerRequest(`member:${token}`, () => lookUpSession(token));
}

async function lookUpSession(token: string): Promise<SignedInMember | null> {
  const now = clock.now();
  const [row] = await prepared(db(), "session.lookup", (executor) =>
    executor
      .select({
        sessionId: sessions.id,
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        id: members.id,
        name: members.name,
        email: members.email,
        role: members.role,
        workspaceId: members.workspaceId,
        workspaceName: workspaces.name,
        // Folded into the session lookup so the badge costs every page no statement of its own.
        unreadNotices: sql<number>`case when ${members.role} = 'viewer' then 0 else (
          select count(*)::int from ${notices} n
          where n.workspace_id = ${members.workspaceId}
            and not exists (select 1 from ${noticeReads} r where r.notice_id = n.id and r.member_id = ${members.id})
        ) end`,
      })
      .from(sessions)
      .innerJoin(members, and(eq(members.id, sessions.memberId), isNull(members.deactivatedAt)))
      .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
      .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), isNull(sessions.revokedAt)))
      .limit(1)
      .prepare("session_lookup"),
  ).execute({ tokenHash: hashToken(token) });
  if (!row) return null;
  if (row.expiresAt <= now || row.lastSeenAt.getTime() + SESSION_IDLE_MS <= now.getTime()) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.sessionId));
  }
  const { lastSeenAt: _l, expiresAt: _e, ...member } = row;
  return member;
}

/** The signed-in member, or a redirect to sign-in that comes back here afterwards. */
export async function requireMember(request: Request): Promise<SignedInMember> {
  const member = await getSignedInMember(request);
  if (!member) {
    const url = new URL(request.url);
    const back = url.pathname + url.search;
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return member;
}

export function actorOf(member: SignedInMember, request: Request, context: AppLoadContext): MemberActor {
  return {
    type: "member",
    memberId: member.id,
    workspaceId: member.workspaceId,
    role: member.role,
    ...requestOrigin(request, context),
  };
}

async function refuse(actor: MemberActor, request: Request, needed: string): Promise<never> {
  await recordSecurityEvent(db(), {
    workspaceId: actor.workspaceId,
    action: "permission.denied",
    memberId: actor.memberId,
    details: { method: request.method, path: new URL(request.url).pathname, needed },
    ip: actor.ip,
  });
  throw new Response("You do not have permission to change this workspace.", { status: 403 });
}

/** A member who may change programs, customers and rounds (admin or pm). Viewers get 403. */
export async function requireEditor(request: Request, context: AppLoadContext): Promise<MemberActor> {
  const actor = actorOf(await requireMember(request), request, context);
  if (actor.role === "viewer") await refuse(actor, request, "pm");
  return actor;
}

/** For the loader of a page that only editors use (a form page): viewers get 403. GETs write nothing. */
export async function requireEditorPage(request: Request): Promise<SignedInMember> {
  const member = await requireMember(request);
  if (member.role === "viewer") throw new Response("Viewers have read-only access.", { status: 403 });
  return member;
}

/** A workspace admin (member management). */
export async function requireAdmin(request: Request, context: AppLoadContext): Promise<MemberActor> {
  const actor = actorOf(await requireMember(request), request, context);
  if (actor.role !== "admin") await refuse(actor, request, "admin");
  return actor;
}

/** A page only admins open (webhooks, API tokens): others get 403 without a security event, as a GET writes nothing. */
export async function requireAdminPage(request: Request, context: AppLoadContext): Promise<MemberActor> {
  const actor = actorOf(await requireMember(request), request, context);
  if (actor.role !== "admin") throw new Response("Only workspace admins can open this page.", { status: 403 });
  return actor;
}

/** Ends this browser's session on the server and returns the header that clears the cookie. */
export async function destroySession(request: Request, context?: AppLoadContext) {
  const token = await readToken(request);
  if (token) {
    await db().transaction(async (tx) => {
      const [ended] = await tx
        .update(sessions)
        .set({ revokedAt: clock.now() })
        .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
        .returning({ memberId: sessions.memberId, workspaceId: sessions.workspaceId });
      if (ended)
        await recordSecurityEvent(tx, {
          workspaceId: ended.workspaceId,
          action: "member.signed_out",
          memberId: ended.memberId,
          ip: requestOrigin(request, context ?? { clientIp: null }).ip,
        });
    });
  }
  return sessionCookie().serialize("", { maxAge: 0 });
}
