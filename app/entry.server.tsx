import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, ServerBuild } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { closeDatabase, connectDatabase, openDatabase } from "#db/client";
import { isLinkPath, recordRefusedAccess } from "~/modules/audit/security.server";
import { configureOutbox, startOutboxWorker, stopOutboxWorker } from "~/modules/email/outbox.server";
import { sendDueSignoffReminders } from "~/modules/signoff/reminders.server";
import { env } from "~/utils/env.server";
import { NonceProvider } from "~/utils/nonce";
import { requestOrigin } from "~/utils/request.server";
import { inRequestScope } from "~/utils/request-scope.server";
import { answerUnavailableWith503, wrapHandlers } from "~/utils/unavailable.server";

export const streamTimeout = 5_000;

/**
 * What server.mjs serves: the build with every loader and action answering 503 when the database is
 * unreachable, and run in its HTTP request's scope (work shared by a request's loaders).
 */
export function prepareBuild(build: ServerBuild): ServerBuild {
  return wrapHandlers(answerUnavailableWith503(build), (handler) => (args) => inRequestScope((args as { context?: unknown }).context, () => handler(args)));
}

let reminderTimer: NodeJS.Timeout | undefined;

/**
 * Called by server.mjs in each server process before it listens: checks the environment, connects
 * (and, unless a cluster primary already did, migrates) the database, and starts the email outbox
 * and the reminder timer. Both are safe to run in several processes (rows are claimed with
 * FOR UPDATE SKIP LOCKED).
 */
export async function startup({ migrate = true }: { migrate?: boolean } = {}) {
  const settings = env();
  const { engine } = await connectDatabase({ databaseUrl: settings.DATABASE_URL || undefined, dataDir: settings.DATA_DIR }, { migrate });
  if (!migrate) {
    // A cluster worker: the primary has said it all.
    configureOutbox({ resendApiKey: settings.RESEND_API_KEY || undefined, from: settings.EMAIL_FROM });
    startOutboxWorker();
    startReminders();
    return;
  }
  console.log(
    engine === "pglite"
      ? `Database: embedded PGlite in ${settings.DATA_DIR} (set DATABASE_URL to use a PostgreSQL server)`
      : "Database: PostgreSQL server from DATABASE_URL",
  );
  configureOutbox({ resendApiKey: settings.RESEND_API_KEY || undefined, from: settings.EMAIL_FROM });
  startOutboxWorker();
  startReminders();
  logEmailMode(settings);
}

/** A cluster primary's part of start-up: check the environment and migrate, then let go of the database. */
export async function prepareDatabase() {
  const settings = env();
  const handle = await openDatabase({ databaseUrl: settings.DATABASE_URL || undefined, dataDir: settings.DATA_DIR });
  await handle.close();
  console.log("Database: PostgreSQL server from DATABASE_URL");
  logEmailMode(settings);
}

function logEmailMode(settings: ReturnType<typeof env>) {
  console.log(
    settings.RESEND_API_KEY
      ? `Email: sent through Resend from ${settings.EMAIL_FROM}`
      : "Email: no RESEND_API_KEY, so emails land in the in-app mailbox (Mailbox in the menu)",
  );
}

/** Buyers' automatic reminders: checked every minute, sent through the outbox. */
function startReminders() {
  reminderTimer = setInterval(() => {
    sendDueSignoffReminders().catch((error) => console.error("Sign-off reminders:", error instanceof Error ? error.message : error));
  }, 60_000);
  reminderTimer.unref();
}

export async function shutdown() {
  clearInterval(reminderTimer);
  await stopOutboxWorker();
  await closeDatabase();
}

/**
 * A signed-in member refused a page (403 on GET) or sent to a 404 (an id outside their workspace
 * answers exactly like a missing one) is recorded in their workspace's security trail. Refused
 * writes are recorded where they are refused; emailed links record their own refusals.
 */
async function recordRefusal(request: Request, status: number, loadContext: AppLoadContext) {
  const read = request.method === "GET" || request.method === "HEAD";
  if (!(status === 404 || (status === 403 && read)) || isLinkPath(new URL(request.url).pathname)) return;
  await recordRefusedAccess(request, status, requestOrigin(request, loadContext)).catch((error) =>
    console.error("Recording a refused request:", error instanceof Error ? error.message : error),
  );
}

export async function handleDataRequest(response: Response, { request, context }: { request: Request; context: AppLoadContext }) {
  await recordRefusal(request, response.status, context);
  return response;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  await recordRefusal(request, responseStatusCode, loadContext);
  const nonce = loadContext?.cspNonce ?? "";
  // Every loader's data is complete before rendering (nothing is deferred), so streaming would only
  // split the page into many small writes: the whole document is rendered, then sent in one piece,
  // which the benchmark measured as the cheaper way to compress and write it.
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    let timeout: NodeJS.Timeout | undefined;
    const chunks: Buffer[] = [];
    const document = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timeout);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    // Cleared once the document is written: a pending timer would keep this render alive for seconds.
    timeout = setTimeout(abort, streamTimeout + 1000);
  });
}
