import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedHook = { headers: { id: string; timestamp: string; signature: string }; body: string; path: string };
type Answer = { status: number; location?: string; hang?: boolean };

/**
 * The team's system as a test sees it: a real HTTP server that records every webhook it receives
 * and answers as scripted (200 unless told otherwise). Verification is the caller's, with the
 * standardwebhooks library, as a receiver would do it.
 */
export async function startWebhookReceiver() {
  const received: ReceivedHook[] = [];
  const script: Answer[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      path: req.url ?? "",
      body: Buffer.concat(chunks).toString("utf8"),
      headers: { id: String(req.headers["webhook-id"] ?? ""), timestamp: String(req.headers["webhook-timestamp"] ?? ""), signature: String(req.headers["webhook-signature"] ?? "") },
    });
    const answer = script.shift() ?? { status: 200 };
    if (answer.hang) return void hanging.push(res);
    res.writeHead(answer.status, answer.location ? { location: answer.location } : {}).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/hooks") => `http://127.0.0.1:${port}${path}`,
    received,
    /** The next requests' answers, in order; afterwards 200. */
    answer: (...answers: Answer[]) => script.push(...answers),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Standard Webhooks' header names, as the library's verify() takes them. */
export const hookHeaders = (hook: ReceivedHook) => ({ "webhook-id": hook.headers.id, "webhook-timestamp": hook.headers.timestamp, "webhook-signature": hook.headers.signature });
