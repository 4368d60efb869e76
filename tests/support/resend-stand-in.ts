import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { configureOutbox } from "~/modules/email/outbox.server";

export type Received = { idempotencyKey: string | undefined; authorization: string | undefined; body: { from: string; to: string | string[]; subject: string; html: string; text: string } };
type Scripted = { status: number; headers?: Record<string, string>; hang?: boolean };

/**
 * A local HTTP server that speaks the part of Resend's API Charter uses (POST /emails), so tests
 * run the real SDK. Like Resend, a repeated Idempotency-Key returns the first email's id.
 */
export async function startResendStandIn() {
  const received: Received[] = [];
  const delivered = new Map<string, string>();
  /** The idempotency key of every request answered 200, in order (repeats included). */
  const accepted: string[] = [];
  const script: Scripted[] = [];
  const hanging: ServerResponse[] = [];
  let outage: { while: () => boolean; answer: Scripted } | undefined;
  let onRequest: (() => void) | undefined;
  let counter = 0;

  const refuse = (res: ServerResponse, answer: Scripted) => {
    res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    res.end(JSON.stringify({ name: answer.status === 429 ? "rate_limit_exceeded" : "application_error", message: `scripted ${answer.status}`, statusCode: answer.status }));
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/emails") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ name: "not_found", message: "Not found", statusCode: 404 }));
      return;
    }
    const key = req.headers["idempotency-key"] as string | undefined;
    received.push({ idempotencyKey: key, authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    onRequest?.();
    if (outage?.while()) return refuse(res, outage.answer);
    const next = script.shift();
    if (next?.hang) {
      hanging.push(res);
      return;
    }
    if (next && next.status !== 200) return refuse(res, next);
    const id = (key && delivered.get(key)) ?? `email_${++counter}`;
    if (key) delivered.set(key, id);
    accepted.push(key ?? "");
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    /** Emails Resend would have delivered: one per idempotency key. */
    delivered,
    accepted,
    /** The next requests get these answers, in order; then 200. */
    answer(...answers: Scripted[]) {
      script.push(...answers);
    },
    /** An outage: every request gets this answer while the condition holds (e.g. until a time on the test clock). */
    failWhile(condition: () => boolean, answer: Scripted) {
      outage = { while: condition, answer };
    },
    /** Called as each request arrives (before it is answered), e.g. to move the test clock as sends take time. */
    onRequest(callback: (() => void) | undefined) {
      onRequest = callback;
    },
    /** Requests received so far that are still waiting for an answer (scripted with hang). */
    get hangingCount() {
      return hanging.length;
    },
    /** Answers the requests that were left hanging with this refusal. */
    release(answer: Scripted) {
      for (const res of hanging.splice(0)) refuse(res, answer);
    },
    reset() {
      for (const res of hanging.splice(0)) res.destroy();
      received.length = 0;
      delivered.clear();
      accepted.length = 0;
      script.length = 0;
      outage = undefined;
      onRequest = undefined;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For a test file: the outbox sends through the real SDK to a fresh stand-in (cleared before each
 * test), and goes back to the in-app mailbox afterwards. Returns the stand-in, for use in tests.
 */
export function sendThroughResendStandIn() {
  let standIn: Awaited<ReturnType<typeof startResendStandIn>>;
  beforeAll(async () => {
    standIn = await startResendStandIn();
    process.env.RESEND_BASE_URL = standIn.baseUrl;
    configureOutbox({ resendApiKey: "re_test_key", from: "Charter <charter@example.test>", sendTimeoutMs: 500 });
  });
  afterAll(async () => {
    configureOutbox({ from: "Charter <charter@localhost>" });
    delete process.env.RESEND_BASE_URL;
    await standIn.close();
  });
  beforeEach(() => standIn.reset());
  return () => standIn;
}
