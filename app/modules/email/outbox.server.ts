import { randomUUID } from "node:crypto";
import { and, desc, eq, ilike, inArray, lte, or, sql } from "drizzle-orm";
import { Resend } from "resend";
import { db, outsideEnclosingTransaction, type Executor } from "#db/client";
import { emailOutbox, webhookEvents } from "#db/schema";
import type { EmailState } from "~/components/email-status";
import { senderFor } from "~/modules/brand/brand";
import { getBrand } from "~/modules/brand/brand.server";
import { clock } from "~/utils/clock.server";
import { env } from "~/utils/env.server";
import { openLinks, sealLinks, type Links } from "./sealed-links.server";
import { renderEmail, subjectOf, tokenLinkProps, type EmailMessage } from "./templates.server";

/**
 * The outbox: an email is a row written in the same transaction as the change that causes it; a
 * worker in the app process sends due rows. This module is the only caller of the email vendor.
 */

/** Retries after the n-th failed attempt: spread over a day and a half, so an outage of hours loses nothing. */
export const RETRY_SCHEDULE_MS = [1, 5, 30, 120, 360, 1440].map((minutes) => minutes * 60_000);
/** The first attempt and one per retry; after the last, the email is shown as failed. */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** A provider's retry-after is honoured up to this. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;
const BATCH = 10;
/** Rendering and the database writes around one send. */
const SEND_MARGIN_MS = 5_000;

export type OutboxSettings = { resendApiKey?: string; from: string; sendTimeoutMs?: number };
let settings: OutboxSettings = { from: "Charter <charter@localhost>" };
let resend: Resend | undefined;

export function configureOutbox(next: OutboxSettings) {
  settings = next;
  resend = next.resendApiKey ? new Resend(next.resendApiKey) : undefined;
}

/** Without a Resend key, mail is "delivered" to the in-app mailbox page. */
export const mailboxMode = () => !resend;

/** The longest one send may hold its row: the vendor call's timeout plus the work around it. */
const sendBudgetMs = () => (settings.sendTimeoutMs ?? 10_000) + SEND_MARGIN_MS;

/** Splits a template's props into what is stored as is and the token-bearing links, which are sealed. */
function splitLinks(message: EmailMessage) {
  const stored: Record<string, unknown> = { ...message.props };
  const links: Links = {};
  for (const name of tokenLinkProps[message.template]) {
    const value = stored[name];
    if (typeof value === "string") links[name] = value;
    delete stored[name];
  }
  return { stored, links };
}

export async function queueEmail(tx: Executor, email: { workspaceId: string; to: string; subjectId?: string } & EmailMessage) {
  const id = randomUUID();
  const { stored, links } = splitLinks(email);
  await tx.insert(emailOutbox).values({
    id,
    workspaceId: email.workspaceId,
    template: email.template,
    subjectId: email.subjectId ?? null,
    toAddress: email.to,
    subject: subjectOf(email),
    props: stored,
    sealedLinks: Object.keys(links).length > 0 ? sealLinks(links, id) : null,
    idempotencyKey: `charter-email-${id}`,
    // The app's clock, not the database's: the claim compares with clock.now(), and the database's
    // now() carries microseconds, so a row queued in the same millisecond would not yet be due.
    nextAttemptAt: clock.now(),
    createdAt: clock.now(),
  });
  wake();
  return id;
}

/** A retry-after header (seconds or an HTTP date) in milliseconds from now, or null. */
function retryAfterMs(value: string | null | undefined, now: Date) {
  if (!value?.trim()) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : null;
}

/** When to try again after the n-th failed attempt: the schedule's delay, or later if the provider asks. */
export function retryDelayMs(attempt: number, retryAfter?: string | null, now = clock.now()) {
  const scheduled = RETRY_SCHEDULE_MS[Math.min(Math.max(attempt, 1), RETRY_SCHEDULE_MS.length) - 1];
  return Math.max(scheduled, Math.min(retryAfterMs(retryAfter, now) ?? 0, MAX_RETRY_AFTER_MS));
}

/**
 * Claims due rows with FOR UPDATE SKIP LOCKED, so several app processes never take the same one.
 * The claim's token marks the rows as this sender's; its lease covers sending the whole batch one
 * after another, each to its timeout, so a row is not claimed again while its sender still works.
 */
async function claimDue(now: Date) {
  const claimToken = randomUUID();
  const rows = await db().transaction(async (tx) => {
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
      .set({ status: "sending", claimToken, attempts: sql`${emailOutbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + due.length * sendBudgetMs()) })
      .where(inArray(emailOutbox.id, due.map((d) => d.id)))
      .returning({
        id: emailOutbox.id,
        template: emailOutbox.template,
        props: emailOutbox.props,
        sealedLinks: emailOutbox.sealedLinks,
        toAddress: emailOutbox.toAddress,
        subject: emailOutbox.subject,
        attempts: emailOutbox.attempts,
        idempotencyKey: emailOutbox.idempotencyKey,
        workspaceId: emailOutbox.workspaceId,
      });
  });
  return { claimToken, rows };
}

type Claimed = Awaited<ReturnType<typeof claimDue>>["rows"][number];

/** A row still held by this claim (no other sender re-claimed it after a lease ran out). */
const heldBy = (id: string, claimToken: string) => and(eq(emailOutbox.id, id), eq(emailOutbox.claimToken, claimToken), eq(emailOutbox.status, "sending"));

/** Right before a send: checks the claim still holds and renews its lease for this one send. */
async function holdForSend(row: Claimed, claimToken: string) {
  const held = await db()
    .update(emailOutbox)
    .set({ nextAttemptAt: new Date(clock.now().getTime() + sendBudgetMs()) })
    .where(heldBy(row.id, claimToken))
    .returning({ id: emailOutbox.id });
  return held.length === 1;
}

type Delivery = { ok: true; providerId: string } | { ok: false; retry: boolean; error: string; retryAfter?: string | null };

async function deliver(row: Claimed): Promise<Delivery> {
  const links = row.sealedLinks ? openLinks(row.sealedLinks, row.id) : {};
  if (!links) return { ok: false, retry: false, error: "The email's links could not be decrypted: SESSION_SECRET changed after it was queued." };
  if (!resend) return { ok: true, providerId: "mailbox" };
  // The brand as it is at sending time: the sender's name and the header follow the settings.
  const brand = await getBrand(row.workspaceId);
  const { html, text } = await renderEmail({ template: row.template, props: { ...(row.props as object), ...links } } as EmailMessage, brand, env().APP_URL);
  const { data, error, headers } = await resend.emails.send(
    { from: senderFor(brand.companyName, settings.from), to: row.toAddress, subject: row.subject, html, text },
    { idempotencyKey: row.idempotencyKey, signal: AbortSignal.timeout(settings.sendTimeoutMs ?? 10_000) } as { idempotencyKey: string },
  );
  if (data?.id) return { ok: true, providerId: data.id };
  const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null;
  // No status: network error or timeout. 429 and 5xx are worth retrying; other 4xx are not.
  const retry = status === null || status === 429 || status >= 500;
  return { ok: false, retry, error: `${status ?? "network"}: ${error?.message ?? "unknown error"}`, retryAfter: headers?.["retry-after"] };
}

/**
 * What stays of a row's links after it leaves the outbox: in mailbox mode they are kept sealed,
 * for the mailbox page; otherwise nothing (props of rows queued before links were sealed included).
 */
function afterSend(row: Claimed) {
  if (mailboxMode()) return {};
  const names = tokenLinkProps[row.template as EmailMessage["template"]] ?? [];
  return { sealedLinks: null, ...(names.length ? { props: sql`${emailOutbox.props} - ${sql.raw(`array[${names.map((n) => `'${n}'`).join(", ")}]`)}::text[]` } : {}) };
}

/** Sends every due email once; returns how many were sent. Safe to run from several processes. */
export async function processOutbox(): Promise<number> {
  let sent = 0;
  for (;;) {
    const { claimToken, rows } = await claimDue(clock.now());
    if (rows.length === 0) return sent;
    for (const row of rows) {
      if (!(await holdForSend(row, claimToken))) continue;
      const result: Delivery = await deliver(row).catch((error: unknown) => ({ ok: false as const, retry: true, error: String(error), retryAfter: null }));
      const now = clock.now();
      if (result.ok) {
        const [done] = await db()
          .update(emailOutbox)
          .set({ status: "sent", sentAt: now, providerId: result.providerId, lastError: null, ...afterSend(row) })
          .where(heldBy(row.id, claimToken))
          .returning({ id: emailOutbox.id });
        if (done) sent++;
      } else {
        const final = !result.retry || row.attempts >= MAX_ATTEMPTS;
        await db()
          .update(emailOutbox)
          .set({
            status: final ? "failed" : "queued",
            lastError: result.error.slice(0, 500),
            nextAttemptAt: final ? now : new Date(now.getTime() + retryDelayMs(row.attempts, result.retryAfter, now)),
            ...(final ? afterSend(row) : {}),
          })
          .where(heldBy(row.id, claimToken));
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
  // The worker runs on its own: not in the transaction, nor on the clock, of whatever queued the email.
  timer = setTimeout(() => clock.unshifted(() => outsideEnclosingTransaction(tick)), ms);
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

/**
 * An email's state as a PM sees it: a failed attempt with retries left is "retrying" (with its
 * next attempt), and only after the last one "failed". For a correlated subquery on the outbox as e.
 */
export const emailStateSql = sql.raw(`case when e.status = 'queued' and e.attempts > 0 then 'retrying' else e.status::text end`);

/**
 * The recipient's full name: the contact, member or invitee with that address in the workspace
 * (the props hold only what the greeting says, often a first name), else the name in the props.
 */
const recipientNameSql = sql<string | null>`coalesce(
  (select c.name from contacts c where c.workspace_id = ${emailOutbox.workspaceId} and c.email = ${emailOutbox.toAddress} order by c.removed_at desc nulls first limit 1),
  (select m.name from members m where m.workspace_id = ${emailOutbox.workspaceId} and m.email = ${emailOutbox.toAddress}),
  (select i.name from member_invitations i where i.workspace_id = ${emailOutbox.workspaceId} and i.email = ${emailOutbox.toAddress} order by i.created_at desc limit 1),
  ${emailOutbox.props}->>'recipientName', ${emailOutbox.props}->>'inviteeName', ${emailOutbox.props}->>'pmName', ${emailOutbox.props}->>'buyerName')`;
/** The program an email is about, as its props name it (the product, or the program for the PM's notices). */
const programSql = sql<string | null>`coalesce(${emailOutbox.props}->>'productName', ${emailOutbox.props}->>'programName')`;

/** A search term for ILIKE: its wildcards taken literally. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The mailbox page: the workspace's emails, newest first (the latest 200), optionally those whose
 * recipient (address or name), subject or program matches `search`.
 */
export async function listMailbox(workspaceId: string, search = "") {
  const term = search.trim();
  const pattern = likePattern(term);
  return db()
    .select({
      id: emailOutbox.id,
      toAddress: emailOutbox.toAddress,
      toName: recipientNameSql,
      program: programSql,
      subject: emailOutbox.subject,
      status: sql<EmailState>`case when ${emailOutbox.status} = 'queued' and ${emailOutbox.attempts} > 0 then 'retrying' else ${emailOutbox.status}::text end`,
      nextAttemptAt: emailOutbox.nextAttemptAt,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.workspaceId, workspaceId),
        term ? or(ilike(emailOutbox.toAddress, pattern), ilike(emailOutbox.subject, pattern), sql`${recipientNameSql} ilike ${pattern}`, sql`${programSql} ilike ${pattern}`) : undefined,
      ),
    )
    .orderBy(desc(emailOutbox.createdAt))
    .limit(200);
}

/** An email's props with its links opened; a link no longer kept (sent through Resend) says so. */
export function propsWithLinks(row: { id: string; template: string; props: unknown; sealedLinks: string | null }) {
  const names = tokenLinkProps[row.template as EmailMessage["template"]] ?? [];
  const links = (row.sealedLinks && openLinks(row.sealedLinks, row.id)) || Object.fromEntries(names.map((name) => [name, "(link no longer kept)"]));
  return { ...(row.props as object), ...links };
}

/** One email of the mailbox as it would arrive: sender, HTML and plain text, with the workspace's brand. */
export async function getMailboxEmail(workspaceId: string, emailId: string) {
  const [[row], brand] = await Promise.all([
    db()
      .select({
        id: emailOutbox.id,
        template: emailOutbox.template,
        props: emailOutbox.props,
        sealedLinks: emailOutbox.sealedLinks,
        toAddress: emailOutbox.toAddress,
        toName: recipientNameSql,
        subject: emailOutbox.subject,
        status: emailOutbox.status,
        createdAt: emailOutbox.createdAt,
      })
      .from(emailOutbox)
      .where(and(eq(emailOutbox.id, emailId), eq(emailOutbox.workspaceId, workspaceId)))
      .limit(1),
    getBrand(workspaceId),
  ]);
  if (!row) return null;
  const { html, text } = await renderEmail({ template: row.template, props: propsWithLinks(row) } as EmailMessage, brand, env().APP_URL);
  return { from: senderFor(brand.companyName, settings.from), toAddress: row.toAddress, toName: row.toName, subject: row.subject, status: row.status, createdAt: row.createdAt, html, text };
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
