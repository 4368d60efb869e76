import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { customers, members, noticeKind, noticeReads, notices, noticeSettings, programs, rounds, signoffs, workspaces } from "#db/schema";
import type { AuditActor, AuditEntry } from "~/modules/audit/audit.server";
import { queueEmail } from "~/modules/email/outbox.server";
import { env } from "~/utils/env.server";
import { queueSlackPost } from "./slack.server";

/**
 * Notices: what needs the PM, in the portal (a list with an unread count), by email (each, or a
 * daily digest) and on the program's Slack channel. A notice is raised by the audited change itself
 * (see noticeFromAudit) or by the background watch (watch.server.ts); its event key makes each
 * event one notice, however often it is seen.
 */

export type NoticeKind = (typeof noticeKind.enumValues)[number];

export type NewNotice = {
  workspaceId: string;
  programId?: string | null;
  roundId?: string | null;
  kind: NoticeKind;
  eventKey: string;
  title: string;
  body?: string;
  href?: string | null;
};

/** Who notices are for: the workspace's PMs (admins and pms), not its read-only viewers. */
const noticeRoles = ["admin", "pm"] as const;

const firstName = (name: string) => name.split(" ")[0] || name;

/**
 * Raises a notice in the caller's transaction, with its emails (members who chose one each) and its
 * Slack post; returns false, doing nothing, when that event was already noticed.
 */
export async function raiseNotice(tx: Executor, notice: NewNotice): Promise<boolean> {
  const [created] = await tx
    .insert(notices)
    .values({ ...notice, body: notice.body ?? "", programId: notice.programId ?? null, roundId: notice.roundId ?? null, href: notice.href ?? null })
    .onConflictDoNothing({ target: [notices.workspaceId, notices.eventKey] })
    .returning({ id: notices.id });
  if (!created) return false;
  const link = `${env().APP_URL}${notice.href ?? "/notices"}`;
  const eachMembers = await tx
    .select({ name: members.name, email: members.email, teamName: workspaces.name })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .innerJoin(noticeSettings, eq(noticeSettings.memberId, members.id))
    .where(and(eq(members.workspaceId, notice.workspaceId), inArray(members.role, noticeRoles), isNull(members.deactivatedAt), eq(noticeSettings.email, "each")));
  for (const member of eachMembers)
    await queueEmail(tx, {
      workspaceId: notice.workspaceId,
      to: member.email,
      subjectId: created.id,
      template: "notice",
      props: { memberName: firstName(member.name), teamName: member.teamName, title: notice.title, body: notice.body ?? "", link },
    });
  if (notice.programId) await queueSlackPost(tx, { workspaceId: notice.workspaceId, programId: notice.programId, noticeId: created.id, title: notice.title, body: notice.body ?? "", link });
  return true;
}

/** The one line recordAudit calls: the audited actions that need the PM become notices, in the same transaction. */
export async function noticeFromAudit(tx: Executor, _actor: AuditActor, entry: AuditEntry) {
  if (!entry.workspaceId) return;
  if (entry.action === "signoff.declined" || entry.action === "signoff.consent_withdrawn") {
    const signoffId = entry.action === "signoff.declined" ? String(entry.details?.signoffId ?? "") : entry.subjectId;
    if (!signoffId) return;
    const [row] = await tx
      .select({ reason: signoffs.declineReason, signatureName: signoffs.signatureName, customerName: customers.name, roundNumber: rounds.number, programId: rounds.programId })
      .from(signoffs)
      .innerJoin(customers, eq(customers.id, signoffs.customerId))
      .innerJoin(rounds, eq(rounds.id, signoffs.roundId))
      .where(and(eq(signoffs.id, signoffId), eq(signoffs.workspaceId, entry.workspaceId)));
    if (!row) return;
    const declined = entry.action === "signoff.declined";
    await raiseNotice(tx, {
      workspaceId: entry.workspaceId,
      programId: row.programId,
      roundId: entry.roundId,
      kind: declined ? "signoff_declined" : "consent_withdrawn",
      eventKey: `${declined ? "signoff_declined" : "consent_withdrawn"}:${signoffId}`,
      title: declined
        ? `${row.customerName}'s buyer declined the business case (round ${row.roundNumber})`
        : `${row.customerName}'s buyer withdrew reference consent`,
      body: declined ? `${row.signatureName}: “${row.reason ?? ""}”` : `${row.signatureName} no longer agrees to be a reference; ${row.customerName} is not referenceable until they consent again.`,
      href: `/programs/${row.programId}/rounds/${entry.roundId}/signoffs/${signoffId}`,
    });
  }
}

/** The unread count in the header: one statement, whatever the number of notices. */
const PAGE = 100;

/** The notices page: the workspace's latest notices, each with whether this member read it. */
export async function listNotices(member: { id: string; workspaceId: string }) {
  return db()
    .select({
      id: notices.id,
      kind: notices.kind,
      title: notices.title,
      body: notices.body,
      href: notices.href,
      createdAt: notices.createdAt,
      programName: programs.name,
      read: sql<boolean>`exists (select 1 from ${noticeReads} r where r.notice_id = ${notices.id} and r.member_id = ${member.id})`,
    })
    .from(notices)
    .leftJoin(programs, eq(programs.id, notices.programId))
    .where(eq(notices.workspaceId, member.workspaceId))
    .orderBy(desc(notices.createdAt), desc(notices.id))
    .limit(PAGE);
}

/** Marks one notice (or all of the workspace's) read for this member; marking twice changes nothing. */
export async function markNoticesRead({ member, noticeId }: { member: { id: string; workspaceId: string }; noticeId?: string }) {
  const rows = await db()
    .insert(noticeReads)
    .select(
      sql`select ${notices.workspaceId}, ${notices.id}, ${member.id}::uuid, now() from ${notices} where ${and(eq(notices.workspaceId, member.workspaceId), noticeId ? eq(notices.id, noticeId) : undefined)}`,
    )
    .onConflictDoNothing()
    .returning({ noticeId: noticeReads.noticeId });
  return { marked: rows.length };
}

/** A member's choice of notice emails; without a row, the default daily digest. */
export async function noticeEmailSetting(memberId: string) {
  const [row] = await db().select({ email: noticeSettings.email }).from(noticeSettings).where(eq(noticeSettings.memberId, memberId));
  return row?.email ?? "digest";
}

export async function setNoticeEmail({ member, email }: { member: { id: string; workspaceId: string }; email: "each" | "digest" | "none" }) {
  await db()
    .insert(noticeSettings)
    .values({ memberId: member.id, workspaceId: member.workspaceId, email })
    .onConflictDoUpdate({ target: noticeSettings.memberId, set: { email, updatedAt: sql`now()` } });
  return { email };
}
