import { randomUUID } from "node:crypto";
import { and, arrayOverlaps, desc, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "#db/client";
import { customers, programs, rounds, signoffs, webhookDeliveries, webhookEndpoints } from "#db/schema";
import type { AuditEntry } from "~/modules/audit/audit.server";
import { programItClearances } from "~/modules/gates/it-clearance.server";
import { referenceabilityOf, snapshotSignoffIds, type Consent, type Snapshotted } from "~/modules/gates/referenceability";
import { clock } from "~/utils/clock.server";
import { PAYLOAD_VERSION, type WebhookEventType } from "./events";
import { wakeWebhookSender } from "./sender.server";

/**
 * Webhook events are derived from the audit rows every change writes (recordAudit calls this in
 * the change's transaction), so an event is queued exactly when its change commits. An action no
 * endpoint listens to costs one query; one nothing maps to costs none.
 */

type Event = { type: WebhookEventType; data: Record<string, unknown> };

/** The events an audit entry stands for, before readiness (which needs the database). */
function eventsOf(entry: AuditEntry): Event[] {
  const details = entry.details ?? {};
  const where = { programId: entry.programId ?? null, roundId: entry.roundId ?? null, customerId: entry.customerId ?? null };
  switch (entry.action) {
    case "signoff.approved":
    case "signoff.declined": {
      const decided: Event = {
        type: "signoff.decided",
        data: { ...where, signoffId: details.signoffId, decision: entry.action === "signoff.approved" ? "approve" : "decline", caseVersion: details.caseVersion, referenceConsent: details.referenceConsent === true },
      };
      return details.referenceConsent === true ? [decided, { type: "consent.changed", data: { ...where, signoffId: details.signoffId, consent: "given" } }] : [decided];
    }
    case "signoff.consent_withdrawn":
      return [{ type: "consent.changed", data: { ...where, signoffId: entry.subjectId, consent: "withdrawn" } }];
    case "round.opened":
      return [{ type: "round.opened", data: { programId: where.programId, roundId: where.roundId, number: details.number } }];
    case "round.closed":
      return [{ type: "round.closed", data: { programId: where.programId, roundId: where.roundId, number: details.number, outcome: details.outcome, passing: details.passing, target: details.target } }];
    case "program.launched":
      return [{ type: "program.launched", data: { programId: where.programId, referenceable: details.referenceable, target: details.target } }];
    default:
      return [];
  }
}

/**
 * "Readiness changed": a close that changes who is referenceable (readiness moves from the previous
 * closed round to this one), or a withdrawal of consent given in the latest closed round by a
 * customer that was referenceable. Decisions in an open round do not change readiness: it is read
 * from the latest closed round. Read with the dashboard's rule (referenceabilityOf); four queries,
 * and two more when the program needs IT clearance.
 */
async function readinessChange(tx: Executor, entry: AuditEntry): Promise<Event | null> {
  if (!entry.workspaceId || !entry.programId || !entry.roundId) return null;
  if (entry.action !== "round.closed" && entry.action !== "signoff.consent_withdrawn") return null;
  const closed: Snapshotted[] = await tx
    .select({ id: rounds.id, programId: rounds.programId, number: rounds.number, gateSnapshot: rounds.gateSnapshot })
    .from(rounds)
    .where(and(eq(rounds.workspaceId, entry.workspaceId), eq(rounds.programId, entry.programId), eq(rounds.status, "closed")))
    .orderBy(desc(rounds.number))
    .limit(2);
  const [latest, previous] = closed;
  if (!latest) return null;
  if (entry.action === "round.closed" && latest.id !== entry.roundId) return null;
  // Consent counts where the latest stored gate names the decision (it may be from an earlier round).
  if (entry.action === "signoff.consent_withdrawn" && !snapshotSignoffIds(latest.gateSnapshot).includes(entry.subjectId ?? "")) return null;
  const [customerRows, consents, [program]] = await Promise.all([
    tx.select({ id: customers.id, name: customers.name, status: customers.status }).from(customers).where(and(eq(customers.workspaceId, entry.workspaceId), eq(customers.programId, entry.programId))),
    tx
      .select({ signoffId: signoffs.id, referenceConsent: signoffs.referenceConsent, consentWithdrawnAt: signoffs.consentWithdrawnAt })
      .from(signoffs)
      .where(and(eq(signoffs.workspaceId, entry.workspaceId), inArray(signoffs.id, closed.flatMap((r) => snapshotSignoffIds(r.gateSnapshot))))),
    tx.select({ target: programs.targetReferenceable, itClearanceRequired: programs.itClearanceRequired }).from(programs).where(eq(programs.id, entry.programId)),
  ]);
  // A close or a consent withdrawal leaves clearances as they are: the same read counts before and after.
  const clearances = await programItClearances({ workspaceId: entry.workspaceId, programId: entry.programId, required: program.itClearanceRequired, executor: tx });
  // Before: the previous closed round (a close), or this round with the consent still given (a withdrawal).
  const before = entry.action === "round.closed" ? { round: previous, consents } : { round: latest, consents: consents.map((c): Consent => (c.signoffId === entry.subjectId ? { ...c, consentWithdrawnAt: null } : c)) };
  const seated = customerRows.filter((c) => c.status !== "withdrawn");
  const gained: { customerId: string; name: string }[] = [];
  const lost: { customerId: string; name: string; reason: string }[] = [];
  let referenceable = 0;
  for (const customer of seated) {
    const was = referenceabilityOf(customer, before.round, before.consents, clearances).referenceable;
    const now = referenceabilityOf(customer, latest, consents, clearances);
    if (now.referenceable) referenceable++;
    if (now.referenceable && !was) gained.push({ customerId: customer.id, name: customer.name });
    if (!now.referenceable && was) lost.push({ customerId: customer.id, name: customer.name, reason: now.reason });
  }
  if (gained.length === 0 && lost.length === 0) return null;
  return {
    type: "readiness.changed",
    data: { programId: entry.programId, roundId: entry.roundId, cause: entry.action === "round.closed" ? "round.closed" : "consent.withdrawn", referenceable, target: program.target, launchReady: referenceable >= program.target, gained, lost },
  };
}

/** The versioned body every event is sent as; ids, names and facts only, never a token or secret. */
export function payloadOf(eventId: string, type: string, data: Record<string, unknown>, at = clock.now()) {
  return JSON.stringify({ type, version: PAYLOAD_VERSION, id: eventId, timestamp: at.toISOString(), data });
}

export const newEventId = () => `msg_${randomUUID().replaceAll("-", "")}`;

/** Queues the audit entry's events for the workspace's enabled endpoints that listen to them. */
export async function queueWebhookEvents(tx: Executor, entry: AuditEntry) {
  if (!entry.workspaceId) return;
  const events = eventsOf(entry);
  const mayChangeReadiness = entry.action === "round.closed" || entry.action === "signoff.consent_withdrawn";
  if (events.length === 0 && !mayChangeReadiness) return;
  const types = [...events.map((e) => e.type), ...(mayChangeReadiness ? (["readiness.changed"] as const) : [])];
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, entry.workspaceId), isNull(webhookEndpoints.disabledAt), arrayOverlaps(webhookEndpoints.events, types)));
  if (endpoints.length === 0) return;
  if (mayChangeReadiness && endpoints.some((e) => e.events.includes("readiness.changed"))) {
    const readiness = await readinessChange(tx, entry);
    if (readiness) events.push(readiness);
  }
  const now = clock.now();
  const rows = events.flatMap((event) => {
    const eventId = newEventId();
    const payload = payloadOf(eventId, event.type, event.data, now);
    return endpoints.filter((e) => e.events.includes(event.type)).map((e) => ({ workspaceId: entry.workspaceId!, endpointId: e.id, eventId, type: event.type, payload, nextAttemptAt: now }));
  });
  if (rows.length === 0) return;
  await tx.insert(webhookDeliveries).values(rows);
  wakeWebhookSender();
}
