import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import postgres from "postgres";
import { expect, test } from "@playwright/test";
import { productionEnv } from "../support/production-env";

/**
 * On a PostgreSQL server, `node server.mjs` runs one worker process per core (WEB_CONCURRENCY here):
 * the primary migrates once, a rate limit counts across all workers, a worker that dies is
 * replaced while the others keep serving, and SIGTERM stops them all.
 */

const serverUrl = process.env.CHARTER_TEST_PG;
test.skip(!serverUrl, "Needs a PostgreSQL server (npm test starts one and sets CHARTER_TEST_PG): on the embedded database the app runs as one process.");

const port = Number(process.env.E2E_PORT ?? 3210) + 3;
const baseURL = `http://127.0.0.1:${port}`;
const database = `charter_cluster_${process.pid}`;
let app: ChildProcess;
let output = "";

/** The direct child processes of pid, from /proc. */
function workersOf(pid: number) {
  return readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** A request on a connection of its own, so the primary hands it to the next worker in turn. */
const send = (path: string, init: RequestInit = {}) => fetch(baseURL + path, { ...init, headers: { ...init.headers, connection: "close" }, redirect: "manual" });

test.beforeAll(async () => {
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${database}`;
  app = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...productionEnv(baseURL), DATABASE_URL: url.toString(), WEB_CONCURRENCY: "2", RATE_LIMIT_SCALE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (chunk) => (output += chunk));
  app.stderr!.on("data", (chunk) => (output += chunk));
  await expect.poll(() => output, { timeout: 30_000, message: "the cluster did not start" }).toContain("2 worker processes");
});

test.afterAll(async () => {
  if (app && app.exitCode === null) {
    app.kill("SIGKILL");
    for (const worker of workersOf(app.pid!)) process.kill(worker, "SIGKILL");
  }
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
});

test("runs two workers that share the rate limit, replaces one that dies, and stops them all on SIGTERM", async () => {
  test.setTimeout(120_000);
  expect(output.match(/Database: PostgreSQL/g), "only the primary reports start-up").toHaveLength(1);
  const workers = workersOf(app.pid!);
  expect(workers).toHaveLength(2);

  // Failed sign-ins, each on a new connection, so they alternate between the workers: the limit
  // (10 per 15 minutes) holds for the client as a whole, not 10 per worker.
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const response = await send("/login", {
      method: "POST",
      headers: { origin: baseURL, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "nobody@example.test", password: "not-the-password" }).toString(),
    });
    statuses.push(response.status);
    await response.arrayBuffer();
  }
  expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
  expect(statuses.slice(10)).toEqual([429, 429]);

  // One worker dies. Once the primary has noticed (until then it may still hand it a connection,
  // which the client sees reset), the other keeps answering while a replacement starts.
  process.kill(workers[0], "SIGKILL");
  await expect.poll(() => output, { timeout: 15_000 }).toContain(`Worker ${workers[0]} exited (SIGKILL): starting another.`);
  for (let i = 0; i < 6; i++) expect((await send("/healthz")).status).toBe(200);
  await expect.poll(() => workersOf(app.pid!).length, { timeout: 15_000 }).toBe(2);
  expect(workersOf(app.pid!)).not.toContain(workers[0]);
  for (let i = 0; i < 4; i++) expect((await send("/healthz")).status).toBe(200);

  // SIGTERM to the primary: every worker finishes and the primary exits cleanly.
  const remaining = workersOf(app.pid!);
  const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
  app.kill("SIGTERM");
  expect(await exited).toBe(0);
  for (const worker of remaining) expect(() => process.kill(worker, 0)).toThrow();
});
