import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { clock } from "~/utils/clock.server";
import { AppError } from "~/utils/errors";
import { TEST_EVENT_TYPE } from "./events";
import { newEventId, payloadOf } from "./events.server";
import { newWebhookSecret, openSecret, sealSecret } from "./secrets.server";
import { wakeWebhookSender } from "./sender.server";
import { endpointUrlRefusal, strictTargets } from "./target.server";
import type { CreateEndpointInput } from "./webhooks.schema";

/** Webhook endpoints are the workspace's admins' to manage: their secrets open the team's systems. */
function assertAdmin(actor: MemberActor) {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only a workspace admin can manage webhooks.");
}

const MAX_ENDPOINTS = 20;
const LOG_LENGTH = 50;

/** Registers an endpoint; returns its secret, which the page shows once (admins can reveal it again). */
export async function createEndpoint({ actor, input }: { actor: MemberActor; input: CreateEndpointInput }) {
  assertAdmin(actor);
  const refusal = endpointUrlRefusal(input.url, strictTargets());
  if (refusal) throw new AppError("invalid", refusal, "url");
  return db().transaction(async (tx) => {
    // The workspace row is the lock that makes the limit hold under concurrent posts.
    await tx.execute(sql`select id from workspaces where id = ${actor.workspaceId} for update`);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, actor.workspaceId));
    if (n >= MAX_ENDPOINTS) throw new AppError("conflict", `A workspace has at most ${MAX_ENDPOINTS} endpoints; delete one first.`);
    const id = randomUUID();
    const secret = newWebhookSecret();
    await tx.insert(webhookEndpoints).values({ id, workspaceId: actor.workspaceId, url: input.url, description: input.description, events: [...new Set(input.events)], sealedSecret: sealSecret(secret, id) });
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "webhook.endpoint_created", subjectId: id, details: { url: input.url, events: input.events } });
    return { endpointId: id, secret };
  });
}

/** The workspace's endpoints with their latest attempt; one query. */
export async function listEndpoints(actor: MemberActor) {
  assertAdmin(actor);
  return db()
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      description: webhookEndpoints.description,
      events: webhookEndpoints.events,
      disabledAt: webhookEndpoints.disabledAt,
      createdAt: webhookEndpoints.createdAt,
      lastStatusCode: sql<number | null>`(select a.status_code from webhook_attempts a where a.endpoint_id = webhook_endpoints.id order by a.at desc, a.id desc limit 1)`,
      lastAt: sql<Date | null>`(select a.at from webhook_attempts a where a.endpoint_id = webhook_endpoints.id order by a.at desc, a.id desc limit 1)`.mapWith((v) => (v ? new Date(v) : null)),
      failing: sql<number>`(select count(*) from webhook_deliveries d where d.endpoint_id = webhook_endpoints.id and d.status = 'failed')`.mapWith(Number),
    })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, actor.workspaceId))
    .orderBy(webhookEndpoints.createdAt);
}

/** One endpoint and its delivery log (the latest attempts, newest first); two queries. */
export async function getEndpoint(actor: MemberActor, endpointId: string) {
  assertAdmin(actor);
  const [endpoint] = await db()
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, description: webhookEndpoints.description, events: webhookEndpoints.events, disabledAt: webhookEndpoints.disabledAt, createdAt: webhookEndpoints.createdAt })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, actor.workspaceId)));
  if (!endpoint) throw new AppError("not_found", "Webhook endpoint not found.");
  const log = await db()
    .select({
      id: webhookAttempts.id,
      at: webhookAttempts.at,
      attempt: webhookAttempts.attempt,
      statusCode: webhookAttempts.statusCode,
      error: webhookAttempts.error,
      durationMs: webhookAttempts.durationMs,
      eventId: webhookDeliveries.eventId,
      type: webhookDeliveries.type,
      deliveryStatus: webhookDeliveries.status,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
    })
    .from(webhookAttempts)
    .innerJoin(webhookDeliveries, eq(webhookDeliveries.id, webhookAttempts.deliveryId))
    .where(and(eq(webhookAttempts.endpointId, endpointId), eq(webhookDeliveries.workspaceId, actor.workspaceId)))
    .orderBy(desc(webhookAttempts.at), desc(webhookAttempts.id))
    .limit(LOG_LENGTH);
  const [waiting] = await db()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.workspaceId, actor.workspaceId), sql`${webhookDeliveries.status} in ('queued', 'sending')`));
  return { endpoint, log, waiting: waiting.n };
}

/** Locks the endpoint row of this workspace for a change, or says it is gone. */
async function lockEndpoint(tx: Transaction, actor: MemberActor, endpointId: string) {
  const [row] = await tx
    .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, disabledAt: webhookEndpoints.disabledAt, sealedSecret: webhookEndpoints.sealedSecret })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.workspaceId, actor.workspaceId)))
    .for("update");
  if (!row) throw new AppError("not_found", "Webhook endpoint not found.");
  return row;
}

/** Queues a "webhook.test" event to this endpoint alone, through the same sender and log. */
export async function sendTestEvent({ actor, endpointId }: { actor: MemberActor; endpointId: string }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, actor, endpointId);
    if (endpoint.disabledAt) throw new AppError("conflict", "This endpoint is disabled; enable it to send a test event.");
    const eventId = newEventId();
    await tx.insert(webhookDeliveries).values({
      workspaceId: actor.workspaceId,
      endpointId,
      eventId,
      type: TEST_EVENT_TYPE,
      payload: payloadOf(eventId, TEST_EVENT_TYPE, { message: "A test event from Charter. Verify its signature with your endpoint's secret." }),
      nextAttemptAt: clock.now(),
    });
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "webhook.test_sent", subjectId: endpointId, details: { eventId } });
  });
  wakeWebhookSender();
}

/** Disables (nothing more is queued; what waits is not sent) or enables an endpoint. */
export async function setEndpointEnabled({ actor, endpointId, enabled }: { actor: MemberActor; endpointId: string; enabled: boolean }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, actor, endpointId);
    if (enabled === !endpoint.disabledAt) return;
    const now = clock.now();
    await tx.update(webhookEndpoints).set({ disabledAt: enabled ? null : now }).where(eq(webhookEndpoints.id, endpointId));
    // What was waiting for a disabled endpoint is not sent; the log says why.
    if (!enabled) await tx.update(webhookDeliveries).set({ status: "failed", nextAttemptAt: now }).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "queued")));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: enabled ? "webhook.endpoint_enabled" : "webhook.endpoint_disabled", subjectId: endpointId, details: { url: endpoint.url } });
  });
}

/** Deletes an endpoint with its deliveries and log. */
export async function deleteEndpoint({ actor, endpointId }: { actor: MemberActor; endpointId: string }) {
  assertAdmin(actor);
  await db().transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, actor, endpointId);
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "webhook.endpoint_deleted", subjectId: endpointId, details: { url: endpoint.url } });
  });
}

/** A new secret at once: deliveries from now on are signed with it; the old one stops verifying. */
export async function rotateSecret({ actor, endpointId }: { actor: MemberActor; endpointId: string }) {
  assertAdmin(actor);
  return db().transaction(async (tx) => {
    await lockEndpoint(tx, actor, endpointId);
    const secret = newWebhookSecret();
    await tx.update(webhookEndpoints).set({ sealedSecret: sealSecret(secret, endpointId) }).where(eq(webhookEndpoints.id, endpointId));
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "webhook.secret_rotated", subjectId: endpointId });
    return { secret };
  });
}

/** Shows the secret again (an admin's post, recorded in the audit trail). */
export async function revealSecret({ actor, endpointId }: { actor: MemberActor; endpointId: string }) {
  assertAdmin(actor);
  return db().transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, actor, endpointId);
    const secret = openSecret(endpoint.sealedSecret, endpointId);
    if (!secret) throw new AppError("conflict", "The secret cannot be decrypted (SESSION_SECRET changed since). Rotate it to get a new one.");
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "webhook.secret_revealed", subjectId: endpointId });
    return { secret };
  });
}
