import { and, asc, desc, eq, gt, lt, type SQL } from "drizzle-orm";
import { db } from "#db/client";
import { auditEvents, contacts, customers, members, rounds } from "#db/schema";
import { csvLine } from "~/utils/csv";
import { AUDIT_PAGE_SIZE } from "./audit-filters";
import { actorText, eventText } from "./event-text";

/** Rows per query while streaming the CSV: memory stays bounded however long the trail. */
const CSV_BATCH = 1000;

export type AuditFilters = { customerId?: string; roundId?: string; action?: string };
/** Where a page starts: older than `before`, or newer than `after` (keyset on the event id). */
export type AuditCursor = { before?: number; after?: number };

const filtered = (workspaceId: string, programId: string, filters: AuditFilters, ...more: (SQL | undefined)[]) =>
  and(
    eq(auditEvents.workspaceId, workspaceId),
    eq(auditEvents.programId, programId),
    filters.customerId ? eq(auditEvents.customerId, filters.customerId) : undefined,
    filters.roundId ? eq(auditEvents.roundId, filters.roundId) : undefined,
    filters.action ? eq(auditEvents.action, filters.action) : undefined,
    ...more,
  );

const eventRows = () =>
  db()
    .select({
      id: auditEvents.id,
      action: auditEvents.action,
      createdAt: auditEvents.createdAt,
      actorType: auditEvents.actorType,
      memberName: members.name,
      contactName: contacts.name,
      customerName: customers.name,
      roundNumber: rounds.number,
      details: auditEvents.details,
      ip: auditEvents.ip,
      userAgent: auditEvents.userAgent,
    })
    .from(auditEvents)
    .leftJoin(members, eq(members.id, auditEvents.actorMemberId))
    .leftJoin(contacts, eq(contacts.id, auditEvents.actorContactId))
    .leftJoin(customers, eq(customers.id, auditEvents.customerId))
    .leftJoin(rounds, eq(rounds.id, auditEvents.roundId));

/**
 * One page of a program's audit trail, newest first, with its filters' choices. Pages are keyed
 * on the event id (not an offset), so every page costs the same four queries however deep it is.
 */
export async function programAuditLog(workspaceId: string, programId: string, filters: AuditFilters, cursor: AuditCursor = {}) {
  const forward = cursor.after === undefined;
  const page = forward
    ? eventRows()
        .where(filtered(workspaceId, programId, filters, cursor.before !== undefined ? lt(auditEvents.id, cursor.before) : undefined))
        .orderBy(desc(auditEvents.id))
        .limit(AUDIT_PAGE_SIZE + 1)
    : eventRows()
        .where(filtered(workspaceId, programId, filters, gt(auditEvents.id, cursor.after!)))
        .orderBy(asc(auditEvents.id))
        .limit(AUDIT_PAGE_SIZE + 1);
  const [rows, actions, customerRows, roundRows] = await Promise.all([
    page,
    db().selectDistinct({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.programId, programId))).orderBy(asc(auditEvents.action)),
    db().select({ id: customers.id, name: customers.name }).from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.programId, programId))).orderBy(asc(customers.name)),
    db().select({ id: rounds.id, number: rounds.number }).from(rounds).where(and(eq(rounds.workspaceId, workspaceId), eq(rounds.programId, programId))).orderBy(asc(rounds.number)),
  ]);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  if (!forward) events.reverse();
  const newest = events[0]?.id;
  const oldest = events.at(-1)?.id;
  return {
    events,
    // Coming from a newer page means there is one; coming from an older page means there is an older one.
    older: oldest !== undefined && (forward ? more : true) ? oldest : null,
    newer: newest !== undefined && (forward ? cursor.before !== undefined : more) ? newest : null,
    actions: actions.map((a) => a.action),
    customers: customerRows,
    rounds: roundRows,
  };
}

export const AUDIT_CSV_COLUMNS = ["event_id", "at", "action", "event", "actor_type", "actor", "customer", "round", "ip", "user_agent", "details"] as const;

/**
 * The filtered trail as CSV, newest first, streamed in batches keyed on the event id: the whole
 * trail, never more than one batch in memory.
 */
export function programAuditCsv(workspaceId: string, programId: string, filters: AuditFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: number | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine([...AUDIT_CSV_COLUMNS])));
      }
      const batch = await eventRows()
        .where(filtered(workspaceId, programId, filters, before !== undefined ? lt(auditEvents.id, before) : undefined))
        .orderBy(desc(auditEvents.id))
        .limit(CSV_BATCH);
      const text = batch
        .map((e) => csvLine([e.id, e.createdAt, e.action, eventText[e.action] ?? e.action, e.actorType, actorText(e), e.customerName, e.roundNumber, e.ip, e.userAgent, JSON.stringify(e.details)]))
        .join("");
      if (text) controller.enqueue(encoder.encode(text));
      if (batch.length < CSV_BATCH) controller.close();
      else before = batch.at(-1)!.id;
    },
  });
}
