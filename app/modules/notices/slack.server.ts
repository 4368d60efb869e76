import { randomUUID } from "node:crypto";
import { IncomingWebhook } from "@slack/webhook";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { db, type Executor } from "#db/client";
import { programs, slackChannels, slackPosts } from "#db/schema";
import { recordAudit, type MemberActor } from "~/modules/audit/audit.server";
import { openLinks, sealLinks } from "~/modules/email/sealed-links.server";
import { MAX_ATTEMPTS, retryDelayMs } from "~/modules/email/outbox.server";
import { assertEditor } from "~/modules/programs/programs.server";
import { clock } from "~/utils/clock.server";
import { env, isProduction } from "~/utils/env.server";
import { AppError } from "~/utils/errors";

/**
 * A program's Slack channel: notices posted to its incoming webhook through an outbox of their
 * own (slack_posts), written with the notice and sent by the background work with the email
 * outbox's retry schedule. The URL is a secret (whoever has it can post): it is stored sealed, like
 * an email's links, and shown back only as a hint.
 */

const SLACK_ORIGIN = "https://hooks.slack.com";
const SEND_TIMEOUT_MS = 10_000;
const BATCH = 10;

/** The sealed value is bound to its program, so it cannot be moved to another one. */
const sealFor = (programId: string) => `slack-webhook:${programId}`;

/** "https://hooks.slack.com/services/T0…/…/…wxyz": enough to recognise, not enough to use. */
export function urlHint(url: string) {
  const path = url.slice(SLACK_ORIGIN.length);
  const [, kind, first] = path.split("/");
  return `${SLACK_ORIGIN}/${kind}/${(first ?? "").slice(0, 3)}…/…${url.slice(-4)}`;
}

async function editableProgram(executor: Executor, actor: MemberActor, programId: string) {
  assertEditor(actor);
  const [program] = await executor
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.workspaceId, actor.workspaceId)))
    .for("update");
  if (!program) throw new AppError("not_found", "Program not found.");
}

export async function connectSlack({ actor, programId, url }: { actor: MemberActor; programId: string; url: string }) {
  return db().transaction(async (tx) => {
    await editableProgram(tx, actor, programId);
    const hint = urlHint(url);
    const values = { workspaceId: actor.workspaceId, sealedUrl: sealLinks({ url }, sealFor(programId)), urlHint: hint, updatedAt: clock.now() };
    await tx.insert(slackChannels).values({ programId, ...values }).onConflictDoUpdate({ target: slackChannels.programId, set: values });
    await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "program.slack_connected", programId, subjectId: programId, details: { url: hint } });
    return { hint: hint as string | null };
  });
}

export async function disconnectSlack({ actor, programId }: { actor: MemberActor; programId: string }) {
  return db().transaction(async (tx) => {
    await editableProgram(tx, actor, programId);
    const removed = await tx
      .delete(slackChannels)
      .where(and(eq(slackChannels.programId, programId), eq(slackChannels.workspaceId, actor.workspaceId)))
      .returning({ hint: slackChannels.urlHint });
    if (removed.length) await recordAudit(tx, actor, { workspaceId: actor.workspaceId, action: "program.slack_disconnected", programId, subjectId: programId, details: { url: removed[0].hint } });
    return { hint: null as string | null };
  });
}

/** The program's channel as the PM sees it (the hint only), with its latest posts' states. */
export async function slackChannelOf(workspaceId: string, programId: string) {
  const [channel] = await db()
    .select({
      hint: slackChannels.urlHint,
      updatedAt: slackChannels.updatedAt,
      sent: sql<number>`(select count(*)::int from ${slackPosts} p where p.program_id = ${slackChannels.programId} and p.status = 'sent')`,
      waiting: sql<number>`(select count(*)::int from ${slackPosts} p where p.program_id = ${slackChannels.programId} and p.status in ('queued', 'sending'))`,
      failed: sql<number>`(select count(*)::int from ${slackPosts} p where p.program_id = ${slackChannels.programId} and p.status = 'failed')`,
    })
    .from(slackChannels)
    .where(and(eq(slackChannels.programId, programId), eq(slackChannels.workspaceId, workspaceId)));
  return channel ?? null;
}

/** Slack's mrkdwn treats these three as markup; a customer's name or a decline reason is text. */
const escapeMrkdwn = (value: string) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackText({ title, body, link }: { title: string; body: string; link: string }) {
  return [`*${escapeMrkdwn(title)}*`, body ? escapeMrkdwn(body) : null, `<${link}|Open in Charter>`].filter(Boolean).join("\n");
}

/** Queues the notice's post when the program has a channel; in the notice's transaction. */
export async function queueSlackPost(tx: Executor, post: { workspaceId: string; programId: string; noticeId: string; title: string; body: string; link: string }) {
  const [channel] = await tx.select({ programId: slackChannels.programId }).from(slackChannels).where(and(eq(slackChannels.programId, post.programId), eq(slackChannels.workspaceId, post.workspaceId)));
  if (!channel) return;
  await tx
    .insert(slackPosts)
    .values({ workspaceId: post.workspaceId, programId: post.programId, noticeId: post.noticeId, text: slackText(post), nextAttemptAt: clock.now() })
    .onConflictDoNothing();
  wake();
}

let settings: { baseUrl?: string } | undefined;

/** Tests point the posts at a local stand-in (as RESEND_BASE_URL does for email); never in production. */
export function configureSlack(next: { baseUrl?: string }) {
  settings = next;
}

/** Where a stored URL is posted: Slack, or (outside production) SLACK_WEBHOOK_BASE_URL's stand-in. */
function postUrl(url: string) {
  const base = settings ? settings.baseUrl : env().SLACK_WEBHOOK_BASE_URL;
  return base && !isProduction() ? base.replace(/\/$/, "") + url.slice(SLACK_ORIGIN.length) : url;
}

async function claimDue(now: Date) {
  const claimToken = randomUUID();
  const rows = await db().transaction(async (tx) => {
    const due = await tx
      .select({ id: slackPosts.id })
      .from(slackPosts)
      .where(and(inArray(slackPosts.status, ["queued", "sending"]), lte(slackPosts.nextAttemptAt, now)))
      .orderBy(slackPosts.nextAttemptAt)
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(slackPosts)
      .set({ status: "sending", claimToken, attempts: sql`${slackPosts.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + due.length * (SEND_TIMEOUT_MS + 5_000)) })
      .where(inArray(slackPosts.id, due.map((d) => d.id)))
      .returning({ id: slackPosts.id, programId: slackPosts.programId, text: slackPosts.text, attempts: slackPosts.attempts });
  });
  return { claimToken, rows };
}

type Outcome = { ok: true } | { ok: false; retry: boolean; error: string };

async function post(programId: string, text: string): Promise<Outcome> {
  const [channel] = await db().select({ sealedUrl: slackChannels.sealedUrl }).from(slackChannels).where(eq(slackChannels.programId, programId));
  if (!channel) return { ok: false, retry: false, error: "The program's Slack channel was disconnected." };
  const url = openLinks(channel.sealedUrl, sealFor(programId))?.url;
  if (!url) return { ok: false, retry: false, error: "The Slack webhook URL could not be decrypted: SESSION_SECRET changed after it was saved. Connect Slack again." };
  try {
    // Retries are the outbox's (spread over a day and a half), not the client's (seconds).
    await new IncomingWebhook(postUrl(url), { timeout: SEND_TIMEOUT_MS }).send({ text, unfurl_links: false });
    return { ok: true };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    // No status: network error or timeout. 429 and 5xx are worth retrying; Slack's 4xx (a removed webhook) are not.
    const retry = status === undefined || status === 429 || status >= 500;
    return { ok: false, retry, error: `${status ?? "network"}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Sends every due Slack post once; returns how many were sent. Safe to run from several processes. */
export async function processSlackPosts(): Promise<number> {
  let sent = 0;
  for (;;) {
    const { claimToken, rows } = await claimDue(clock.now());
    if (rows.length === 0) return sent;
    for (const row of rows) {
      const result = await post(row.programId, row.text);
      const now = clock.now();
      const held = and(eq(slackPosts.id, row.id), eq(slackPosts.claimToken, claimToken), eq(slackPosts.status, "sending"));
      if (result.ok) {
        const done = await db().update(slackPosts).set({ status: "sent", sentAt: now, lastError: null }).where(held).returning({ id: slackPosts.id });
        sent += done.length;
      } else {
        const final = !result.retry || row.attempts >= MAX_ATTEMPTS;
        await db()
          .update(slackPosts)
          .set({ status: final ? "failed" : "queued", lastError: result.error.slice(0, 500), nextAttemptAt: final ? now : new Date(now.getTime() + retryDelayMs(row.attempts, null, now)) })
          .where(held);
      }
    }
  }
}

// The sender: a timer in the process that runs the background work, woken when a post is queued.
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
  running = processSlackPosts()
    .catch((error) => console.error("Slack posts:", error instanceof Error ? error.message : error))
    .finally(() => {
      running = undefined;
      schedule(5_000);
    });
}

function wake() {
  schedule(50);
}

export function startSlackWorker() {
  stopped = false;
  schedule(0);
}

export async function stopSlackWorker() {
  stopped = true;
  clearTimeout(timer);
  await running;
}
