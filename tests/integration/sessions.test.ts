import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, queryCounter } from "#db/client";
import { sessions } from "#db/schema";
import { createSession, destroySession, getSignedInMember, requireEditor, requireMember, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/modules/auth/session.server";
import { removeMember } from "~/modules/workspaces/members.server";
import { clock } from "~/utils/clock.server";
import { inRequestScope } from "~/utils/request-scope.server";
import { changePassword } from "~/modules/auth/password-change.server";
import { signIn } from "~/modules/auth/sign-in.server";
import { loader as workspaceLayoutLoader } from "~/routes/workspace";
import { addMember, newWorkspace, origin, PASSWORD } from "../support/factories";

const requestWith = (setCookie: string, method = "GET") =>
  new Request("http://charter.test/programs", { method, headers: { cookie: setCookie.split(";")[0] } });
const later = (ms: number) => () => new Date(Date.now() + ms);

describe("sessions", () => {
  it("are stored as a hash of the cookie's token and identify the member", async () => {
    const { admin } = await newWorkspace();
    const cookie = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const member = await getSignedInMember(requestWith(cookie));
    expect(member).toMatchObject({ id: admin.memberId, role: "admin", workspaceName: "Acme Product Team" });
    const rows = await db().select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.memberId, admin.memberId));
    expect(rows).toHaveLength(1);
    expect(decodeURIComponent(cookie)).not.toContain(rows[0].tokenHash);
  });

  it("are looked up once per page request, shared by its loaders; a sign-out in between is seen by the next request", async () => {
    const { admin } = await newWorkspace();
    const cookie = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    const store = { count: 0 };
    // Two loaders of one request (one load context): one statement.
    const [first, second] = await queryCounter.run(store, () =>
      inRequestScope({}, () => Promise.all([getSignedInMember(requestWith(cookie)), getSignedInMember(requestWith(cookie))])),
    );
    expect(first).toMatchObject({ id: admin.memberId });
    expect(second).toEqual(first);
    expect(store.count).toBe(1);
    // A form post looks again, and so does the next request.
    store.count = 0;
    await queryCounter.run(store, () => inRequestScope({}, async () => {
      await getSignedInMember(requestWith(cookie));
      await getSignedInMember(requestWith(cookie, "POST"));
    }));
    expect(store.count).toBe(2);
    // The workspace layout (its unread-notices badge included) costs the page no statement beyond the lookup.
    store.count = 0;
    const layout = await queryCounter.run(store, () =>
      inRequestScope({}, () => workspaceLayoutLoader({ request: requestWith(cookie), params: {}, context: {} } as unknown as Parameters<typeof workspaceLayoutLoader>[0])),
    );
    expect(layout).toMatchObject({ unreadNotices: 0, member: { role: "admin" } });
    expect(store.count).toBe(1);
    await destroySession(requestWith(cookie, "POST"));
    expect(await inRequestScope({}, () => getSignedInMember(requestWith(cookie)))).toBeNull();
  });

  it("refuse a forged or tampered cookie", async () => {
    const { admin } = await newWorkspace();
    const cookie = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    const tampered = cookie.replace(/=([^;]{4})/, "=AAAA");
    expect(await getSignedInMember(requestWith(tampered))).toBeNull();
    expect(await getSignedInMember(requestWith("charter_session=garbage"))).toBeNull();
  });

  it("end after the idle time, and sliding activity keeps them alive until the absolute limit", async () => {
    const { admin } = await newWorkspace();
    const idleCookie = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    clock.now = later(SESSION_IDLE_MS + 1000);
    expect(await getSignedInMember(requestWith(idleCookie))).toBeNull();

    clock.now = () => new Date();
    const busyCookie = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    const step = SESSION_IDLE_MS / 2;
    let elapsed = 0;
    while (elapsed + step < SESSION_ABSOLUTE_MS) {
      elapsed += step;
      clock.now = later(elapsed);
      expect(await getSignedInMember(requestWith(busyCookie)), `after ${elapsed / 3.6e6} h`).not.toBeNull();
    }
    clock.now = later(SESSION_ABSOLUTE_MS + 1000);
    expect(await getSignedInMember(requestWith(busyCookie))).toBeNull();
  });

  it("end on sign-out on the server, not only in the browser", async () => {
    const { admin } = await newWorkspace();
    const cookie = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    const cleared = await destroySession(requestWith(cookie, "POST"));
    expect(cleared).toMatch(/Max-Age=0/i);
    // The old cookie, replayed, no longer works.
    expect(await getSignedInMember(requestWith(cookie))).toBeNull();
  });

  it("end everywhere else when the password changes, and the old password stops working", async () => {
    const { admin, adminEmail } = await newWorkspace();
    const here = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    const elsewhere = await createSession({ id: admin.memberId, workspaceId: admin.workspaceId }, origin);
    const me = (await getSignedInMember(requestWith(here)))!;
    await expect(changePassword({ actor: admin, sessionId: me.sessionId, currentPassword: "wrong", newPassword: "another long password" })).rejects.toMatchObject({ field: "currentPassword" });
    expect(await changePassword({ actor: admin, sessionId: me.sessionId, currentPassword: PASSWORD, newPassword: "another long password" })).toEqual({ otherSessionsEnded: 1 });
    expect(await getSignedInMember(requestWith(here))).not.toBeNull();
    expect(await getSignedInMember(requestWith(elsewhere))).toBeNull();
    await expect(signIn({ email: adminEmail, password: PASSWORD, origin })).rejects.toMatchObject({ code: "invalid" });
    await signIn({ email: adminEmail, password: "another long password", origin });
  });

  it("end when the member is removed from the workspace", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const pm = await addMember(workspaceId, "pm");
    const cookie = await createSession({ id: pm.memberId, workspaceId }, origin);
    expect(await getSignedInMember(requestWith(cookie))).not.toBeNull();
    await removeMember({ actor: admin, memberId: pm.memberId });
    expect(await getSignedInMember(requestWith(cookie))).toBeNull();
  });

  it("send the signed-out to sign-in and refuse a viewer's change with 403", async () => {
    const thrown = await requireMember(new Request("http://charter.test/programs/x?tab=1")).catch((e) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(302);
    expect(thrown.headers.get("location")).toBe("/login?redirectTo=%2Fprograms%2Fx%3Ftab%3D1");

    const { workspaceId } = await newWorkspace();
    const viewer = await addMember(workspaceId, "viewer");
    const cookie = await createSession({ id: viewer.memberId, workspaceId }, origin);
    const refused = await requireEditor(requestWith(cookie, "POST"), { clientIp: "127.0.0.1" }).catch((e) => e);
    expect(refused).toBeInstanceOf(Response);
    expect(refused.status).toBe(403);
  });
});
