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
  const script: Scripted[] = [];
  const hanging: ServerResponse[] = [];
  let counter = 0;

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/emails") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ name: "not_found", message: "Not found", statusCode: 404 }));
      return;
    }
    const key = req.headers["idempotency-key"] as string | undefined;
    received.push({ idempotencyKey: key, authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    const next = script.shift();
    if (next?.hang) {
      hanging.push(res);
      return;
    }
    if (next && next.status !== 200) {
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(JSON.stringify({ name: next.status === 429 ? "rate_limit_exceeded" : "application_error", message: `scripted ${next.status}`, statusCode: next.status }));
      return;
    }
    const id = (key && delivered.get(key)) ?? `email_${++counter}`;
    if (key) delivered.set(key, id);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    /** Emails Resend would have delivered: one per idempotency key. */
    delivered,
    /** The next requests get these answers, in order; then 200. */
    answer(...answers: Scripted[]) {
      script.push(...answers);
    },
    reset() {
      received.length = 0;
      delivered.clear();
      script.length = 0;
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
