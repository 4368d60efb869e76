import type { Sql } from "postgres";
import { LOCK_NAMESPACE, LOCKS } from "#db/client";
import { pruneSecurityEvents } from "~/modules/audit/security-events.server";
import { sendClearanceCloseReminders, sendDueClearanceReminders } from "~/modules/clearance/reminders.server";
import { startOutboxWorker, stopOutboxWorker } from "~/modules/email/outbox.server";
import { startSlackWorker, stopSlackWorker } from "~/modules/notices/slack.server";
import { watchForNotices } from "~/modules/notices/watch.server";
import { sendCloseDateReminders } from "~/modules/rounds/close-reminders.server";
import { sendDueSignoffReminders } from "~/modules/signoff/reminders.server";
import { startWebhookSender, stopWebhookSender } from "~/modules/webhooks/sender.server";
import { pruneRateLimitHits } from "~/utils/rate-limit-store.server";

/**
 * The background work: the email outbox's sender, the webhook sender, buyers' and users' automatic reminders, and pruning (security
 * events past their retention, ended rate-limit windows). On the embedded database it runs in the one
 * app process. With several app servers (or cluster workers) on one PostgreSQL, exactly one of them
 * runs it: the one holding a session-level advisory lock on a connection kept for that alone. The
 * others try for the lock every few seconds, so when that server stops or dies (its connection
 * closes and PostgreSQL releases the lock) another takes over. The work itself stays safe if two
 * ever overlap (rows are claimed with FOR UPDATE SKIP LOCKED); the lock makes it run once, not once
 * per server.
 */

const MAINTENANCE_EVERY_MS = 60_000;
const FIRST_MAINTENANCE_AFTER_MS = 5_000;
const LEADER_POLL_MS = 3_000;

let maintenanceTimer: NodeJS.Timeout | undefined;
let leaderTimer: NodeJS.Timeout | undefined;
let lockConnection: Sql | undefined;
let running = false;
let polling: Promise<void> | undefined;
let maintaining: Promise<void> | undefined;

/** Reminders and pruning, once a minute; a failure is logged and tried again at the next tick. */
async function maintenance() {
  const step = (name: string, work: () => Promise<unknown>) => work().catch((error) => console.error(`${name}:`, error instanceof Error ? error.message : error));
  await step("Sign-off reminders", sendDueSignoffReminders);
  await step("Reminders before the planned close", sendCloseDateReminders);
  await step("IT review reminders", sendDueClearanceReminders);
  await step("IT review reminders before the planned close", sendClearanceCloseReminders);
  await step("Pruning security events", pruneSecurityEvents);
  await step("Pruning rate-limit counts", pruneRateLimitHits);
  await step("Notices", watchForNotices);
}

/** `firstAfterMs`: when the first round of reminders and pruning runs (then every minute). */
function startWork(firstAfterMs: number) {
  if (running) return;
  running = true;
  startOutboxWorker();
  startSlackWorker();
  startWebhookSender();
  const tick = () => {
    maintaining ??= maintenance().finally(() => (maintaining = undefined));
  };
  maintenanceTimer = setTimeout(() => {
    tick();
    maintenanceTimer = setInterval(tick, MAINTENANCE_EVERY_MS);
    maintenanceTimer.unref();
  }, firstAfterMs);
  maintenanceTimer.unref();
}

async function stopWork() {
  if (!running) return;
  running = false;
  clearInterval(maintenanceTimer);
  await Promise.all([stopOutboxWorker(), stopSlackWorker(), stopWebhookSender(), maintaining]);
}

/** Starts the background work here, or (on PostgreSQL) this server's bid to be the one that runs it. */
export async function startBackgroundWork({ databaseUrl }: { databaseUrl?: string }) {
  if (!databaseUrl) {
    // On the embedded database the first round waits a few seconds: a round holds its one
    // connection for seconds on a busy machine, and at start-up the first requests come first.
    startWork(FIRST_MAINTENANCE_AFTER_MS);
    return;
  }
  const { default: postgres } = await import("postgres");
  // One connection, never recycled: the lock lives exactly as long as it does.
  lockConnection = postgres(databaseUrl, { max: 1, max_lifetime: null, idle_timeout: 0, onnotice: () => {} });
  const connection = lockConnection;
  const poll = async () => {
    try {
      if (running) {
        // Still ours? A dropped connection (reconnected since) no longer holds it.
        const [held] = await connection`select exists (select 1 from pg_locks where locktype = 'advisory' and granted and pid = pg_backend_pid() and classid = ${LOCK_NAMESPACE} and objid = ${LOCKS.backgroundWork}) as held`;
        if (!held.held) {
          console.error("Background work: this server lost its lock; another server takes over.");
          await stopWork();
        }
      } else {
        const [bid] = await connection`select pg_try_advisory_lock(${LOCK_NAMESPACE}, ${LOCKS.backgroundWork}) as won`;
        if (bid.won) {
          console.log("Background work (emails, reminders, pruning) runs on this server.");
          // On PostgreSQL (a pool, and a server taking over from one that died) the round runs at once.
          startWork(0);
        }
      }
    } catch (error) {
      // The database is unreachable: whoever holds the lock on it decides; try again at the next poll.
      if (running) await stopWork();
      console.error("Background work:", error instanceof Error ? error.message : error);
    }
  };
  const schedule = () => {
    leaderTimer = setTimeout(() => {
      polling = poll().finally(() => {
        polling = undefined;
        if (lockConnection) schedule();
      });
    }, LEADER_POLL_MS);
    leaderTimer.unref();
  };
  polling = poll().finally(() => {
    polling = undefined;
    schedule();
  });
  await polling;
}

/** Stops the background work (waiting for the email being sent) and gives up the lock. */
export async function stopBackgroundWork() {
  const connection = lockConnection;
  lockConnection = undefined;
  clearTimeout(leaderTimer);
  await polling;
  await stopWork();
  // Closing the connection releases the lock for another server.
  await connection?.end({ timeout: 5 });
}
