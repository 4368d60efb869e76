import { auditEvents } from "#db/schema";
import type { Executor } from "#db/client";
import { noticeFromAudit } from "~/modules/notices/notices.server";
import { queueWebhookEvents } from "~/modules/webhooks/events.server";
import { clock } from "~/utils/clock.server";

/** Where a request came from; recorded with every change. */
export type RequestOrigin = { ip: string | null; userAgent: string | null };

export type MemberRole = "admin" | "pm" | "viewer";

/** A signed-in workspace member acting through the portal. */
export type MemberActor = RequestOrigin & {
  type: "member";
  memberId: string;
  workspaceId: string;
  role: MemberRole;
};

export type AuditActor = RequestOrigin &
  ({ type: "member"; memberId: string } | { type: "user" | "buyer" | "champion" | "gatekeeper"; contactId: string } | { type: "anonymous" | "system" });

export type AuditEntry = {
  workspaceId: string | null;
  action: string;
  programId?: string | null;
  customerId?: string | null;
  roundId?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
};

/** One audit row: who acted, from where, on what. Dated by the app's clock, like the rows the event is about (the database's now() is the transaction's start). */
const auditRow = (actor: AuditActor, entry: AuditEntry) => ({
  workspaceId: entry.workspaceId,
  actorType: actor.type,
  actorMemberId: actor.type === "member" ? actor.memberId : null,
  actorContactId: "contactId" in actor ? actor.contactId : null,
  action: entry.action,
  programId: entry.programId ?? null,
  customerId: entry.customerId ?? null,
  roundId: entry.roundId ?? null,
  subjectId: entry.subjectId ?? null,
  details: entry.details ?? {},
  ip: actor.ip,
  userAgent: actor.userAgent,
  createdAt: clock.now(),
});

/** Writes one audit event; callers pass their transaction so the event commits with the change. */
export async function recordAudit(tx: Executor, actor: AuditActor, entry: AuditEntry) {
  await tx.insert(auditEvents).values(auditRow(actor, entry));
  // Notices for the PM and the team's webhooks follow the audit trail, in the same transaction.
  await noticeFromAudit(tx, actor, entry);
  await queueWebhookEvents(tx, entry);
}

/** Writes the events of one operation on many rows (a CSV import) in one statement. */
export async function recordAudits(tx: Executor, actor: AuditActor, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  await tx.insert(auditEvents).values(entries.map((entry) => auditRow(actor, entry)));
}
