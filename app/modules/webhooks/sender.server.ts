import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { db } from "#db/client";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "#db/schema";
import { clock } from "~/utils/clock.server";
import { openSecret } from "./secrets.server";
import { endpointUrlRefusal, publicOnlyLookup, strictTargets } from "./target.server";

/**
 * The webhook sender: claims due deliveries (FOR UPDATE SKIP LOCKED, with a lease, like the email
 * outbox), signs each with its endpoint's secret (Standard Webhooks) and posts it. Run by the
 * background work on one server; safe if two overlap.
 */

/** Retries after the n-th failed attempt: spread over hours, so a receiver's outage loses nothing. */
export const WEBHOOK_RETRY_SCHEDULE_MS = [1, 5, 30, 120, 360].map((minutes) => minutes * 60_000);
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_SCHEDULE_MS.length + 1;
const BATCH = 10;
const SEND_MARGIN_MS = 5_000;
let timeoutMs = 10_000;

/** Tests shorten the per-delivery timeout. */
export function configureWebhookSender(options: { timeoutMs: number }) {
  timeoutMs = options.timeoutMs;
}

const sendBudgetMs = () => timeoutMs + SEND_MARGIN_MS;

async function claimDue(now: Date) {
  const claimToken = randomUUID();
  const rows = await db().transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(inArray(webhookDeliveries.status, ["queued", "sending"]), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const claimed = await tx
      .update(webhookDeliveries)
      .set({ status: "sending", claimToken, attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + due.length * sendBudgetMs()) })
      .where(inArray(webhookDeliveries.id, due.map((d) => d.id)))
      .returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId, eventId: webhookDeliveries.eventId, payload: webhookDeliveries.payload, attempts: webhookDeliveries.attempts });
    const endpoints = await tx
      .select({ id: webhookEndpoints.id, url: webhookEndpoints.url, sealedSecret: webhookEndpoints.sealedSecret, disabledAt: webhookEndpoints.disabledAt })
      .from(webhookEndpoints)
      .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((c) => c.endpointId))]));
    const byId = new Map(endpoints.map((e) => [e.id, e]));
    return claimed.map((c) => ({ ...c, endpoint: byId.get(c.endpointId)! }));
  });
  return { claimToken, rows };
}

type Claimed = Awaited<ReturnType<typeof claimDue>>["rows"][number];

const heldBy = (id: string, claimToken: string) => and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.claimToken, claimToken), eq(webhookDeliveries.status, "sending"));

async function holdForSend(row: Claimed, claimToken: string) {
  const held = await db()
    .update(webhookDeliveries)
    .set({ nextAttemptAt: new Date(clock.now().getTime() + sendBudgetMs()) })
    .where(heldBy(row.id, claimToken))
    .returning({ id: webhookDeliveries.id });
  return held.length === 1;
}

type Outcome = { statusCode: number | null; error: string | null; retry: boolean };

/** One POST, never following a redirect, cut off after the timeout; the answer's body is not read. */
function post(url: URL, body: string, headers: Record<string, string>, production: boolean): Promise<{ statusCode: number } | { error: string }> {
  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Charter-Webhooks/1" },
        signal: AbortSignal.timeout(timeoutMs),
        ...(production ? { lookup: publicOnlyLookup } : {}),
      },
      (response) => {
        resolve({ statusCode: response.statusCode ?? 0 });
        response.destroy();
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.name === "AbortError" ? `no answer within ${timeoutMs / 1000} s` : error.message }));
    request.end(body);
  });
}

async function deliver(row: Claimed): Promise<Outcome> {
  if (row.endpoint.disabledAt) return { statusCode: null, error: "The endpoint was disabled; not sent.", retry: false };
  const secret = openSecret(row.endpoint.sealedSecret, row.endpoint.id);
  if (!secret) return { statusCode: null, error: "The endpoint's secret could not be decrypted: SESSION_SECRET changed. Rotate the secret.", retry: false };
  const production = strictTargets();
  const refusal = endpointUrlRefusal(row.endpoint.url, production);
  if (refusal) return { statusCode: null, error: refusal, retry: false };
  const sentAt = clock.now();
  // webhook-id is the event's id on every attempt, so a receiver de-duplicates retries.
  const signature = new Webhook(secret).sign(row.eventId, sentAt, row.payload);
  const result = await post(new URL(row.endpoint.url), row.payload, { "webhook-id": row.eventId, "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "webhook-signature": signature }, production);
  if ("error" in result) return { statusCode: null, error: result.error.slice(0, 500), retry: true };
  if (result.statusCode >= 200 && result.statusCode < 300) return { statusCode: result.statusCode, error: null, retry: false };
  const error = result.statusCode >= 300 && result.statusCode < 400 ? "answered with a redirect, which is not followed" : null;
  return { statusCode: result.statusCode, error, retry: true };
}

/** Sends every due delivery once; returns how many were delivered. */
export async function processWebhooks(): Promise<number> {
  let delivered = 0;
  for (;;) {
    const { claimToken, rows } = await claimDue(clock.now());
    if (rows.length === 0) return delivered;
    for (const row of rows) {
      if (!(await holdForSend(row, claimToken))) continue;
      const started = Date.now();
      const outcome = await deliver(row).catch((error: unknown): Outcome => ({ statusCode: null, error: String(error).slice(0, 500), retry: true }));
      const now = clock.now();
      const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
      const final = ok || !outcome.retry || row.attempts >= WEBHOOK_MAX_ATTEMPTS;
      await db().transaction(async (tx) => {
        const [held] = await tx
          .update(webhookDeliveries)
          .set({
            status: ok ? "delivered" : final ? "failed" : "queued",
            deliveredAt: ok ? now : null,
            nextAttemptAt: final ? now : new Date(now.getTime() + WEBHOOK_RETRY_SCHEDULE_MS[Math.min(row.attempts, WEBHOOK_RETRY_SCHEDULE_MS.length) - 1]),
          })
          .where(heldBy(row.id, claimToken))
          .returning({ id: webhookDeliveries.id });
        if (!held) return;
        await tx.insert(webhookAttempts).values({ deliveryId: row.id, endpointId: row.endpointId, attempt: row.attempts, statusCode: outcome.statusCode, error: outcome.error, durationMs: Date.now() - started, at: now });
        if (ok) delivered++;
      });
    }
  }
}

// The worker: a timer in the background work, woken early when a delivery is queued.
let timer: NodeJS.Timeout | undefined;
let running: Promise<unknown> | undefined;
let stopped = true;

function schedule(ms: number) {
  if (stopped) return;
  clearTimeout(timer);
  timer = setTimeout(tick, ms);
  timer.unref();
}

function tick() {
  if (running) return schedule(200);
  running = processWebhooks()
    .catch((error) => console.error("Webhook sender:", error instanceof Error ? error.message : error))
    .finally(() => {
      running = undefined;
      schedule(2_000);
    });
}

export function wakeWebhookSender() {
  schedule(50);
}

export function startWebhookSender() {
  stopped = false;
  schedule(0);
}

export async function stopWebhookSender() {
  stopped = true;
  clearTimeout(timer);
  await running;
}
