/**
 * SQL statements per request, measured in-process: the same loaders and actions the server runs
 * for a document request (the workspace layout's loader and the page's; root has none), called
 * with a real session cookie inside db/client.ts's queryCounter, like tests/integration/gates.test.ts.
 * The server's bundle has its own copy of the counter, so counting happens here, on the seeded
 * database, before the server opens it (PGlite allows one process per data directory).
 */
import type { AppLoadContext } from "@remix-run/node";
import { queryCounter } from "#db/client";
import { createSession } from "~/modules/auth/session.server";
import { inRequestScope } from "~/utils/request-scope.server";
import * as feedbackRoute from "~/routes/feedback";
import * as accountRoute from "~/routes/account";
import * as healthz from "~/routes/healthz";
import * as programRoute from "~/routes/program";
import * as programsRoute from "~/routes/programs";
import * as roundRoute from "~/routes/round";
import * as signoffRoute from "~/routes/signoff";
import * as workspaceRoute from "~/routes/workspace";
import type { SeededWorkspace } from "./seed";

export type PageId = "trivial" | "page" | "home" | "dashboard" | "round" | "buyer" | "feedback";

async function count(fn: () => unknown): Promise<{ queries: number; status: number }> {
  const store = { count: 0 };
  let status = 200;
  try {
    const result = await queryCounter.run(store, async () => fn());
    if (result instanceof Response) status = result.status;
    else if (result && typeof result === "object" && "init" in result) status = (result as { init?: { status?: number } }).init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) status = thrown.status;
    else throw thrown;
  }
  return { queries: store.count, status };
}

/** Statements per request for each benchmarked page of one seeded workspace (its first program). */
export async function queryCounts(ws: SeededWorkspace): Promise<Record<PageId, number> & { buyerFirstOpen: number }> {
  const origin = { ip: "127.0.0.1", userAgent: "bench" };
  const cookie = (await createSession({ id: ws.adminId, workspaceId: ws.workspaceId }, origin)).split(";")[0];
  const context: AppLoadContext = { clientIp: "127.0.0.1" };
  const base = "http://127.0.0.1";
  const get = (path: string) => new Request(base + path, { headers: { cookie, "user-agent": "bench" } });
  const [program] = ws.programs;

  // A signed-in page runs the layout's loader and its own, in parallel and in one request scope
  // (as the server does: one load context per HTTP request).
  const page = async (path: string, params: Record<string, string>, loader: (args: never) => unknown) => {
    const request = get(path);
    const args = { request, params, context: { ...context } } as never;
    const result = await count(() => inRequestScope((args as { context: object }).context, () => Promise.all([workspaceRoute.loader(args), loader(args)])));
    if (result.status !== 200) throw new Error(`${path} answered ${result.status} in-process`);
    return result.queries;
  };

  const buyerToken = ws.signoff[0];
  const feedback = ws.feedback[0];
  const feedbackPost = () =>
    new Request(`${base}/f/${feedback.token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "user-agent": "bench" },
      body: feedback.body,
    });
  // The first opening of a buyer link also records "signoff.opened"; later ones only read.
  const openBuyerPage = () => count(() => signoffRoute.loader({ request: get(`/s/${buyerToken}`), params: { token: buyerToken }, context } as never));
  const buyerFirst = await openBuyerPage();
  const buyer = await openBuyerPage();
  const submit = await count(() => feedbackRoute.action({ request: feedbackPost(), params: { token: feedback.token }, context } as never));
  if (buyerFirst.status !== 200 || buyer.status !== 200) throw new Error(`/s/ answered ${buyer.status} in-process`);
  if (submit.status !== 302) throw new Error(`POST /f/ answered ${submit.status} in-process (expected a 302 redirect)`);

  return {
    trivial: (await count(() => healthz.loader())).queries,
    page: await page("/account", {}, accountRoute.loader as never),
    home: await page("/programs", {}, programsRoute.loader as never),
    dashboard: await page(`/programs/${program.id}`, { programId: program.id }, programRoute.loader as never),
    round: await page(`/programs/${program.id}/rounds/${program.openRoundId}`, { programId: program.id, roundId: program.openRoundId }, roundRoute.loader as never),
    buyer: buyer.queries,
    buyerFirstOpen: buyerFirst.queries,
    feedback: submit.queries,
  };
}
