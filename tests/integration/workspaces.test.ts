import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "#db/client";
import { auditEvents, contacts, customers, emailOutbox, memberInvitations, members, programs, workspaces } from "#db/schema";
import { signIn } from "~/modules/auth/sign-in.server";
import { acceptInvitation, changeMemberRole, findInvitation, inviteMember, listMembers, listPendingInvitations, removeMember, revokeInvitation } from "~/modules/workspaces/members.server";
import { createWorkspace } from "~/modules/workspaces/workspaces.server";
import { clock } from "~/utils/clock.server";
import { hashToken } from "~/utils/tokens.server";
import { addMember, newWorkspace, origin, PASSWORD, rowCount, uniqueEmail } from "../support/factories";
import { emailProps } from "../support/emails";

describe("onboarding", () => {
  it("creates the workspace with its first admin, argon2id-hashed, and records it", async () => {
    const { workspaceId, admin, adminEmail } = await newWorkspace();
    const [member] = await db().select().from(members).where(eq(members.id, admin.memberId));
    expect(member).toMatchObject({ workspaceId, email: adminEmail, role: "admin" });
    expect(member.passwordHash).toMatch(/^\$argon2id\$/);
    expect(member.passwordHash).not.toContain(PASSWORD);
    const events = await db().select({ action: auditEvents.action, ip: auditEvents.ip }).from(auditEvents).where(eq(auditEvents.workspaceId, workspaceId));
    expect(events).toEqual([{ action: "workspace.created", ip: "127.0.0.1" }]);
  });

  it("refuses an email that already has an account and writes nothing", async () => {
    const { adminEmail } = await newWorkspace();
    const before = await rowCount(workspaces);
    await expect(
      createWorkspace({ workspaceName: "Other", name: "Other", email: adminEmail, password: PASSWORD, origin }),
    ).rejects.toMatchObject({ code: "conflict", field: "email" });
    expect(await rowCount(workspaces)).toBe(before);
  });

  it("loads the demo program with 8 customers and full decision-making units", async () => {
    const { workspaceId, demoProgramId } = await newWorkspace({ loadDemo: true });
    expect(demoProgramId).toBeTruthy();
    const [program] = await db().select().from(programs).where(eq(programs.id, demoProgramId!));
    expect(program).toMatchObject({ workspaceId, targetReferenceable: 6, status: "active" });
    const units = await db()
      .select({ name: customers.name, isBuyer: contacts.isBuyer, isUser: contacts.isUser, isChampion: contacts.isChampion, isGatekeeper: contacts.isGatekeeper })
      .from(customers)
      .innerJoin(contacts, eq(contacts.customerId, customers.id))
      .where(eq(customers.programId, demoProgramId!));
    const byCustomer = new Map<string, typeof units>();
    for (const unit of units) byCustomer.set(unit.name, [...(byCustomer.get(unit.name) ?? []), unit]);
    expect(byCustomer.size).toBe(8);
    for (const [, people] of byCustomer) {
      expect(people.filter((p) => p.isBuyer)).toHaveLength(1);
      expect(people.filter((p) => p.isUser).length).toBeGreaterThanOrEqual(3);
      expect(people.some((p) => p.isChampion)).toBe(true);
      expect(people.some((p) => p.isGatekeeper)).toBe(true);
    }
  });
});

describe("sign-in", () => {
  it("accepts the right password and records both outcomes", async () => {
    const { adminEmail, workspaceId, admin } = await newWorkspace();
    await expect(signIn({ email: adminEmail, password: "not the password", origin })).rejects.toMatchObject({ code: "invalid" });
    await expect(signIn({ email: uniqueEmail("nobody"), password: PASSWORD, origin })).rejects.toThrow("That email and password do not match an account.");
    expect(await signIn({ email: adminEmail, password: PASSWORD, origin })).toEqual({ id: admin.memberId, workspaceId });
    const actions = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, admin.memberId)).orderBy(auditEvents.id);
    expect(actions.map((a) => a.action)).toEqual(["member.sign_in_failed", "member.signed_in"]);
  });
});

describe("members", () => {
  it("invites by a link whose token is stored only as a hash and works once", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const email = uniqueEmail("vic");
    const { token, invitationId } = await inviteMember({ actor: admin, name: "Vic Viewer", email, role: "viewer" });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await db().select({ tokenHash: memberInvitations.tokenHash }).from(memberInvitations).where(eq(memberInvitations.id, invitationId));
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(await db().select().from(auditEvents).where(eq(auditEvents.subjectId, invitationId)))).not.toContain(token);

    expect(await findInvitation(token)).toMatchObject({ email, role: "viewer" });
    const member = await acceptInvitation({ token, name: "Vic V.", password: PASSWORD, origin });
    expect(member.workspaceId).toBe(workspaceId);
    expect(await findInvitation(token)).toBeNull();
    await expect(acceptInvitation({ token, name: "Again", password: PASSWORD, origin })).rejects.toMatchObject({ code: "not_found" });
    expect((await listMembers(workspaceId)).map((m) => [m.name, m.role])).toEqual([
      ["Ada Admin", "admin"],
      ["Vic V.", "viewer"],
    ]);
  });

  it("emails the invitation and shows a failed delivery on the pending list", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const email = uniqueEmail("mia");
    const { invitationId, token } = await inviteMember({ actor: admin, name: "Mia PM", email, role: "pm" });
    const [queued] = await db().select({ to: emailOutbox.toAddress, subject: emailOutbox.subject, props: emailProps, id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.subjectId, invitationId));
    expect(queued).toMatchObject({ to: email, subject: "Ada Admin invited you to Acme Product Team on Charter" });
    expect((queued.props as { link: string }).link).toMatch(new RegExp(`/invitations/${token}$`));
    expect((await listPendingInvitations(workspaceId)).map((i) => [i.email, i.emailStatus])).toEqual([[email, "queued"]]);
    await db().update(emailOutbox).set({ status: "failed" }).where(eq(emailOutbox.id, queued.id));
    expect((await listPendingInvitations(workspaceId))[0].emailStatus).toBe("failed");
  });

  it("refuses expired and revoked invitations", async () => {
    const { admin } = await newWorkspace();
    const expired = await inviteMember({ actor: admin, name: "Late", email: uniqueEmail("late"), role: "pm" });
    const revoked = await inviteMember({ actor: admin, name: "Gone", email: uniqueEmail("gone"), role: "pm" });
    await revokeInvitation({ actor: admin, invitationId: revoked.invitationId });
    expect(await findInvitation(revoked.token)).toBeNull();
    clock.now = () => new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
    expect(await findInvitation(expired.token)).toBeNull();
    await expect(acceptInvitation({ token: expired.token, name: "Late", password: PASSWORD, origin })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets only admins manage members, and keeps at least one admin", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const pm = await addMember(workspaceId, "pm");
    await expect(inviteMember({ actor: pm, name: "X", email: uniqueEmail("x"), role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole({ actor: pm, memberId: pm.memberId, role: "admin" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeMemberRole({ actor: admin, memberId: admin.memberId, role: "pm" })).rejects.toThrow(/at least one admin/);
    await changeMemberRole({ actor: admin, memberId: pm.memberId, role: "admin" });
    await changeMemberRole({ actor: admin, memberId: admin.memberId, role: "viewer" });
    expect((await listMembers(workspaceId)).map((m) => m.role).sort()).toEqual(["admin", "viewer"]);
  });

  it("inviting an address again replaces its pending invitation, and accepting one ends the rest", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const email = uniqueEmail("twice");
    const first = await inviteMember({ actor: admin, name: "Vic", email, role: "viewer" });
    const second = await inviteMember({ actor: admin, name: "Vic", email, role: "pm" });
    expect(second.replaced).toBe(1);
    expect(await findInvitation(first.token)).toBeNull();
    expect((await listPendingInvitations(workspaceId)).filter((i) => i.email === email)).toMatchObject([{ role: "pm" }]);
    await acceptInvitation({ token: second.token, name: "Vic", password: PASSWORD, origin });
    expect((await listPendingInvitations(workspaceId)).filter((i) => i.email === email)).toEqual([]);
    await expect(inviteMember({ actor: admin, name: "Vic", email, role: "pm" })).rejects.toMatchObject({ code: "conflict", field: "email", message: "This person is already a member of your workspace." });
  });

  it("does not tell an admin that an address has an account in another workspace; the invitee learns it", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const { token } = await inviteMember({ actor: b.admin, name: "Someone", email: a.adminEmail, role: "pm" });
    await expect(acceptInvitation({ token, name: "Someone", password: PASSWORD, origin })).rejects.toThrow(/already has a Charter account, and an account belongs to one workspace/);
    expect((await listMembers(b.workspaceId)).map((m) => m.email)).not.toContain(a.adminEmail);
  });

  it("cannot touch a member of another workspace", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    await expect(changeMemberRole({ actor: b.admin, memberId: a.admin.memberId, role: "viewer" })).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember({ actor: b.admin, memberId: a.admin.memberId })).rejects.toMatchObject({ code: "not_found" });
  });

  it("removing a member ends their access and frees their address", async () => {
    const { admin, workspaceId } = await newWorkspace();
    const pm = await addMember(workspaceId, "pm");
    const [{ email }] = await db().select({ email: members.email }).from(members).where(eq(members.id, pm.memberId));
    await removeMember({ actor: admin, memberId: pm.memberId });
    expect((await listMembers(workspaceId)).map((m) => m.role)).toEqual(["admin"]);
    await inviteMember({ actor: admin, name: "Back again", email, role: "pm" });
  });
});
