import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { Resend } from "resend";
import { db, type Executor } from "#db/client";
import { emailOutbox, webhookEvents } from "#db/schema";
import { clock } from "~/utils/clock.server";
import { renderEmail, subjectOf, type EmailMessage } from "./templates.server";

/**
 * The outbox: an email is a row written in the same transaction as the change that causes it; a
 * worker in the app process sends due rows. This module is the only caller of the email vendor.
 */

export const MAX_ATTEMPTS = 6;
const LEASE_MS = 60_000;
const BATCH = 20;

export type OutboxSettings = { resendApiKey?: string; from: string; sendTimeoutMs?: number };
let settings: OutboxSettings = { from: "Charter <charter@localhost>" };
let resend: Resend | undefined;

export function configureOutbox(next: OutboxSettings) {
  settings = next;
  resend = next.resendApiKey ? new Resend(next.resendApiKey) : undefined;
}

/** Without a Resend key, mail is "delivered" to the in-app mailbox page. */
export const mailboxMode = () => !resend;

export async function queueEmail(tx: Executor, email: { workspaceId: string; to: string; subjectId?: string } & EmailMessage) {
  const id = randomUUID();
  await tx.insert(emailOutbox).values({
    id,
    workspaceId: email.workspaceId,
    template: email.template,
    subjectId: email.subjectId ?? null,
    toAddress: email.to,
    subject: subjectOf(email),
    props: email.props,
    idempotencyKey: `charter-email-${id}`,
    // The app's clock, not the database's: the claim compares with clock.now(), and the database's
    // now() carries microseconds, so a row queued in the same millisecond would not yet be due.
    nextAttemptAt: clock.now(),
  });
  wake();
  return id;
}

/** Backoff after a failed attempt: the provider's retry-after when given, else 2^n seconds (capped). */
export function retryDelayMs(attempt: number, retryAfter?: string | null) {
  const seconds = Number(retryAfter);
  if (retryAfter && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  return Math.min(2 ** attempt, 600) * 1000;
}

/** Claims due rows with FOR UPDATE SKIP LOCKED, so several app processes never take the same one. */
async function claimDue(now: Date) {
  return db().transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(inArray(emailOutbox.status, ["queued", "sending"]), lte(emailOutbox.nextAttemptAt, now)))
      .orderBy(emailOutbox.nextAttemptAt)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(emailOutbox)
      .set({ status: "sending", attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(emailOutbox.id, due.map((d) => d.id)))
      .returning({
        id: emailOutbox.id,
        template: emailOutbox.template,
        props: emailOutbox.props,
        toAddress: emailOutbox.toAddress,
        subject: emailOutbox.subject,
        attempts: emailOutbox.attempts,
        idempotencyKey: emailOutbox.idempotencyKey,
      });
  });
}

type Claimed = Awaited<ReturnType<typeof claimDue>>[number];

async function deliver(row: Claimed): Promise<{ ok: true; providerId: string } | { ok: false; retry: boolean; error: string; retryAfter?: string | null }> {
  if (!resend) return { ok: true, providerId: "mailbox" };
  const { html, text } = await renderEmail({ template: row.template, props: row.props } as EmailMessage);
  const { data, error, headers } = await resend.emails.send(
    { from: settings.from, to: row.toAddress, subject: row.subject, html, text },
    { idempotencyKey: row.idempotencyKey, signal: AbortSignal.timeout(settings.sendTimeoutMs ?? 10_000) } as { idempotencyKey: string },
  );
  if (data?.id) return { ok: true, providerId: data.id };
  const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
  // No status: network error or timeout. 429 and 5xx are worth retrying; other 4xx are not.
  const retry = status === null || status === 429 || status >= 500;
  return { ok: false, retry, error: `${status ?? "network"}: ${error?.message ?? "unknown error"}`, retryAfter: headers?.["retry-after"] };
}

/** Sends every due email once; returns how many were sent. Safe to run from several processes. */
export async function processOutbox(): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await claimDue(clock.now());
    if (batch.length === 0) return sent;
    for (const row of batch) {
      const result = await deliver(row).catch((error: unknown) => ({ ok: false as const, retry: true, error: String(error), retryAfter: null }));
      if (result.ok) {
        await db().update(emailOutbox).set({ status: "sent", sentAt: clock.now(), providerId: result.providerId, lastError: null }).where(eq(emailOutbox.id, row.id));
        sent++;
      } else {
        const final = !result.retry || row.attempts >= MAX_ATTEMPTS;
        await db()
          .update(emailOutbox)
          .set({
            status: final ? "failed" : "queued",
            lastError: result.error.slice(0, 500),
            nextAttemptAt: new Date(clock.now().getTime() + retryDelayMs(row.attempts, result.retryAfter)),
          })
          .where(eq(emailOutbox.id, row.id));
      }
    }
  }
}

// The worker: a timer in the app process, woken early when an email is queued.
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
  running = processOutbox()
    .catch((error) => console.error("Email outbox:", error instanceof Error ? error.message : error))
    .finally(() => {
      running = undefined;
      schedule(2_000);
    });
}

function wake() {
  schedule(50);
}

export function startOutboxWorker() {
  stopped = false;
  schedule(0);
}

export async function stopOutboxWorker() {
  stopped = true;
  clearTimeout(timer);
  await running;
}

/** The mailbox page: the workspace's emails, newest first. */
export async function listMailbox(workspaceId: string) {
  return db()
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(eq(emailOutbox.workspaceId, workspaceId))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(200);
}

export async function getMailboxEmail(workspaceId: string, emailId: string) {
  const [row] = await db()
    .select({
      id: emailOutbox.id,
      template: emailOutbox.template,
      props: emailOutbox.props,
      toAddress: emailOutbox.toAddress,
      subject: emailOutbox.subject,
      status: emailOutbox.status,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.id, emailId), eq(emailOutbox.workspaceId, workspaceId)))
    .limit(1);
  if (!row) return null;
  const { text } = await renderEmail({ template: row.template, props: row.props } as EmailMessage);
  return { ...row, text };
}


// ---------------------------------------------------------------------------------------------
// Delivery events from Resend's webhook (signed with the endpoint's secret, Standard Webhooks)

const deliveryOf: Record<string, "delivered" | "bounced" | "complained"> = {
  "email.delivered": "delivered",
  "email.bounced": "bounced",
  "email.complained": "complained",
};

export type WebhookHeaders = { id: string | null; timestamp: string | null; signature: string | null };

/**
 * Verifies and applies one webhook delivery. A bad signature is refused (false) and changes
 * nothing; the same event delivered twice is applied once.
 */
export async function applyResendWebhook({ secret, body, headers }: { secret: string; body: string; headers: WebhookHeaders }): Promise<boolean> {
  if (!headers.id || !headers.timestamp || !headers.signature) return false;
  let event: { type?: string; data?: { email_id?: string } };
  try {
    // The SDK's verifier needs no API key; any placeholder constructs the client.
    event = new Resend(settings.resendApiKey ?? "re_webhook_only").webhooks.verify({
      payload: body,
      headers: { id: headers.id, timestamp: headers.timestamp, signature: headers.signature },
      webhookSecret: secret,
    }) as typeof event;
  } catch {
    return false;
  }
  const delivery = event.type ? deliveryOf[event.type] : undefined;
  await db().transaction(async (tx) => {
    const [fresh] = await tx
      .insert(webhookEvents)
      .values({ id: headers.id!, type: event.type ?? "unknown" })
      .onConflictDoNothing()
      .returning({ id: webhookEvents.id });
    if (!fresh || !delivery || !event.data?.email_id) return;
    // A bounce or complaint outranks a delivered report that arrives after it.
    await tx
      .update(emailOutbox)
      .set({ delivery, deliveryAt: clock.now() })
      .where(and(eq(emailOutbox.providerId, event.data.email_id), delivery === "delivered" ? sql`${emailOutbox.delivery} is null` : sql`true`));
  });
  return true;
}
