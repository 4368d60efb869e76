/**
 * `npm run bench`: the loopback load test of the production build, on embedded PGlite and on a
 * throwaway PostgreSQL cluster. See README.md, "Benchmark".
 *
 *   BENCH_DURATION     seconds per measured run (default 20)
 *   BENCH_WARMUP       seconds of warm-up per page and engine before its runs (default 3)
 *   BENCH_CONNECTIONS  connection levels (default "10,50")
 *   BENCH_ENGINES      "pglite,postgres" (default both)
 *   BENCH_BUILD=0      use the existing build/ instead of running `npm run build` first
 *   BENCH_PORT         first of the loopback ports used (default 3400: server, start-up probe, PostgreSQL)
 *   BENCH_ACCEPT_ENCODING  sent with every request (default "gzip, deflate, br", as browsers do; "" for none)
 *   BENCH_PAGES        only these pages, e.g. "trivial,page,round" (default all; the ratios need trivial and page)
 *   BENCH_DEBUG=1      prints the seeding time of each table
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, connectDatabase, db } from "#db/client";
import { assetSizes, load, procKb, signIn, startServer, waitFor200, type LoadResult } from "./load";
import { PAGES as ALL_PAGES, requestsFor } from "./pages";
import { startPostgres } from "./postgres";
import { queryCounts, type PageId } from "./query-counts";
import { seedWorkspace, type Shape } from "./seed";

// The in-process part (seeding, query counts) runs as a local, non-production app.
const userEnv = { ...process.env };
process.env.NODE_ENV = "test";

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "10,50").split(",").map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? "pglite,postgres").split(",").map((e) => e.trim()) as ("pglite" | "postgres")[];
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3400);
const OUT = path.resolve(".tmp/bench");
const PAGES = process.env.BENCH_PAGES ? ALL_PAGES.filter((p) => process.env.BENCH_PAGES!.split(",").map((id) => id.trim()).includes(p.id)) : ALL_PAGES;

const LARGE: Shape = { programs: 50, customers: 10, rounds: 6, users: 5, tasks: 3 };
const SMALL: Shape = { programs: 1, customers: 6, rounds: 2, users: 5, tasks: 3 };

type PageResult = { queries: { small: number; large: number; firstOpen?: { small: number; large: number } }; runs: Record<number, LoadResult & { ratio: number; ratioToPage: number }> };
type EngineResult = {
  engine: string;
  version: string;
  seed: Record<string, { seconds: number; rows: Record<string, number> }>;
  serverReadyMs: number;
  peakRssMB: number;
  pages: Partial<Record<PageId, PageResult>>;
};

const log = (line = "") => console.log(line);
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");

async function measureStartup(port: number) {
  // `npm start` as a newcomer runs it: embedded database, no production settings.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(userEnv)) if (value !== undefined && !["NODE_ENV", "DATABASE_URL", "DATA_DIR", "PORT", "HOST"].includes(key)) env[key] = value;
  const dataDir = path.join(OUT, "startup-data");
  rmSync(dataDir, { recursive: true, force: true });
  const once = async () => {
    const started = performance.now();
    const child = spawn("npm", ["start", "--silent"], { env: { ...env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir } as unknown as NodeJS.ProcessEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
    try {
      const ms = await waitFor200(`http://127.0.0.1:${port}/healthz`, started, 180_000, child);
      return { ms: Math.round(ms), rebuilt: output.includes("older than the sources") };
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid!, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
  };
  let fresh = await once(); // creates and migrates the embedded database
  if (fresh.rebuilt) {
    // The sources were newer than build/ (edited since the build): that launch built first.
    rmSync(dataDir, { recursive: true, force: true });
    fresh = { ...(await once()), rebuilt: true };
  }
  const restart = await once(); // the same data directory again
  rmSync(dataDir, { recursive: true, force: true });
  return { freshDataDirMs: fresh.ms, existingDataDirMs: restart.ms, rebuilt: fresh.rebuilt || restart.rebuilt };
}

async function runEngine(engine: "pglite" | "postgres", assets: Record<string, unknown> | null): Promise<{ result: EngineResult; assets: Record<string, { js: number; css: number; files: Record<string, number> }> | null }> {
  log(`\n== ${engine === "pglite" ? "Embedded PGlite" : "PostgreSQL"} ==`);
  const serverPort = BASE_PORT;
  let pg: Awaited<ReturnType<typeof startPostgres>> | undefined;
  let serverDb: Record<string, string>;
  let version: string;
  if (engine === "postgres") {
    pg = await startPostgres(BASE_PORT + 2);
    await connectDatabase({ databaseUrl: pg.url });
    serverDb = { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: userEnv.DATABASE_POOL_SIZE ?? "10" };
    version = pg.version;
  } else {
    const dataDir = path.join(OUT, "pglite-data");
    rmSync(dataDir, { recursive: true, force: true });
    await connectDatabase({ dataDir });
    serverDb = { DATA_DIR: dataDir, DATABASE_URL: "" };
    version = `PGlite ${JSON.parse(readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")).version}`;
  }
  try {
    const small = await seedWorkspace("small", SMALL);
    log(`seeded the small workspace (${small.rows.userResponses} responses) in ${fixed(small.seconds)} s`);
    const large = await seedWorkspace("large", LARGE);
    log(`seeded the large workspace (${large.rows.userResponses} responses, ${large.rows.auditEvents} audit events before closing) in ${fixed(large.seconds)} s`);
    // A settled database, as a running one would be (autovacuum would otherwise run during the first runs).
    await db().execute(sql`vacuum analyze`);
    const counts = { small: await queryCounts(small), large: await queryCounts(large) };
    await closeDatabase();

    const server = await startServer({
      port: serverPort,
      logFile: path.join(OUT, `server-${engine}.log`),
      env: {
        ...serverDb,
        NODE_ENV: "production",
        SESSION_SECRET: randomBytes(32).toString("hex"),
        APP_URL: `http://127.0.0.1:${serverPort}`,
        // Every client is 127.0.0.1 here: make the per-address limits unreachable.
        RATE_LIMIT_SCALE: "1000000",
      },
    });
    log(`server (pid ${server.pid}) answered /healthz ${Math.round(server.readyMs)} ms after launch`);
    const result: EngineResult = { engine, version, seed: { small: { seconds: small.seconds, rows: small.rows }, large: { seconds: large.seconds, rows: large.rows } }, serverReadyMs: Math.round(server.readyMs), peakRssMB: 0, pages: {} };
    try {
      const { cookie } = await signIn(server.url, large.adminEmail, large.password);
      let measuredAssets: Record<string, { js: number; css: number; files: Record<string, number> }> | null = null;
      if (!assets) {
        const p = large.programs[0];
        measuredAssets = {};
        for (const [name, pagePath] of Object.entries({
          "/programs": "/programs",
          "/programs/:id": `/programs/${p.id}`,
          "/programs/:id/rounds/:rid": `/programs/${p.id}/rounds/${p.openRoundId}`,
          "/s/:token (buyer)": `/s/${large.signoff[0]}`,
          "/f/:token (user)": `/f/${large.feedback[0].token}`,
        })) {
          const sizes = await assetSizes(server.url, pagePath, cookie);
          measuredAssets[name] = { js: sizes.js, css: sizes.css, files: sizes.files };
        }
      }

      for (const page of PAGES) {
        const requests = requestsFor(page.id, large, cookie, server.url);
        if (WARMUP > 0) await load({ url: server.url, requests, connections: 10, seconds: WARMUP, pid: server.pid });
        result.pages[page.id] = { queries: { small: counts.small[page.id], large: counts.large[page.id] }, runs: {} };
        if (page.id === "buyer") result.pages.buyer!.queries.firstOpen = { small: counts.small.buyerFirstOpen, large: counts.large.buyerFirstOpen };
      }
      for (const connections of CONNECTIONS) {
        let trivialRps = NaN;
        let pageRps = NaN;
        for (const page of PAGES) {
          const requests = requestsFor(page.id, large, cookie, server.url);
          const run = await load({ url: server.url, requests, connections, seconds: DURATION, pid: server.pid, dbPid: pg?.pid });
          if (page.id === "trivial") trivialRps = run.rps;
          if (page.id === "page") pageRps = run.rps;
          const ratio = run.rps / trivialRps;
          result.pages[page.id]!.runs[connections] = { ...run, ratio, ratioToPage: run.rps / pageRps };
          log(
            `${String(connections).padStart(3)} conns  ${page.label.padEnd(32)} ${fixed(run.rps).padStart(8)} req/s  p50 ${fixed(run.p50).padStart(6)}  p95 ${fixed(run.p95).padStart(6)}  p99 ${fixed(run.p99).padStart(6)} ms  non-2xx ${run.non2xx}${run.redirects ? ` (${run.redirects} 3xx)` : ""}${run.failures ? ` FAILURES ${run.failures}` : ""}  ×${fixed(ratio, 2)} of /healthz, ×${fixed(run.rps / pageRps, 2)} of /account  CPU/req ${fixed(run.cpuPerRequest.server, 2)} ms server${engine === "postgres" ? ` + ${fixed(run.cpuPerRequest.db, 2)} ms PostgreSQL` : ""}  RSS ${run.peakRssMB} MB`,
          );
        }
      }
      result.peakRssMB = Math.round(procKb(server.pid, "VmHWM") / 1024);
      return { result, assets: measuredAssets };
    } finally {
      await server.stop();
    }
  } finally {
    await closeDatabase();
    pg?.stop();
  }
}

function printSummary(results: EngineResult[]) {
  log("\n== Summary (large workspace: 50 programs × 10 customers × 6 rounds × 5 users) ==");
  log("engine    conns  page                              req/s    p50    p95    p99 ms  non-2xx  ×trivial  ×page  queries S/L  CPU ms/req (server+db)  peak RSS");
  for (const r of results) {
    for (const connections of CONNECTIONS) {
      for (const page of PAGES) {
        const p = r.pages[page.id]!;
        const run = p.runs[connections];
        log(
          `${r.engine.padEnd(9)} ${String(connections).padStart(5)}  ${page.label.padEnd(32)} ${fixed(run.rps, 0).padStart(6)} ${fixed(run.p50).padStart(6)} ${fixed(run.p95).padStart(6)} ${fixed(run.p99).padStart(6)}  ${String(run.non2xx).padStart(7)}  ${fixed(run.ratio, 2).padStart(8)}  ${fixed(run.ratioToPage, 2).padStart(5)}  ${`${p.queries.small}/${p.queries.large}`.padStart(11)}  ${`${fixed(run.cpuPerRequest.server, 2)}+${fixed(run.cpuPerRequest.db, 2)}`.padStart(22)}  ${run.peakRssMB} MB`,
        );
      }
    }
    log(`${r.engine}: server peak RSS (VmHWM) ${r.peakRssMB} MB${r.engine === "postgres" ? " (summed over the server's processes: the cluster's primary and its workers; PostgreSQL's own processes not included)" : " (PGlite runs inside the Node process)"}`);
  }
}

function evaluateTargets(results: EngineResult[], assets: Record<string, { js: number }> | null, startup: { freshDataDirMs: number; existingDataDirMs: number } | null) {
  const targets: { target: string; value: string; met: boolean }[] = [];
  const pg = results.find((r) => r.engine === "postgres");
  // The PostgreSQL targets compare pages with each other: only on a run of every page.
  if (pg && PAGES.length === ALL_PAGES.length) {
    const at50 = (id: PageId) => pg.pages[id]!.runs[50];
    const at10 = (id: PageId) => pg.pages[id]!.runs[10];
    if (at50("trivial")) {
      targets.push({ target: "PostgreSQL, 50 conns: dashboard ≥ 0.35 × trivial", value: fixed(at50("dashboard").ratio, 2), met: at50("dashboard").ratio >= 0.35 });
      targets.push({ target: "PostgreSQL, 50 conns: round page ≥ 0.35 × trivial", value: fixed(at50("round").ratio, 2), met: at50("round").ratio >= 0.35 });
      targets.push({ target: "PostgreSQL, 50 conns: buyer page ≥ 0.6 × trivial", value: fixed(at50("buyer").ratio, 2), met: at50("buyer").ratio >= 0.6 });
      for (const [id, name, target] of [["dashboard", "dashboard", 0.35], ["round", "round page", 0.35], ["buyer", "buyer page", 0.6]] as const)
        targets.push({ target: `(context) PostgreSQL, 50 conns: ${name} ≥ ${target} × the trivial page /account`, value: fixed(at50(id).ratioToPage, 2), met: at50(id).ratioToPage >= target });
      const failures = PAGES.reduce((n, p) => n + at50(p.id).failures, 0);
      const non2xx = PAGES.filter((p) => p.id !== "feedback").reduce((n, p) => n + at50(p.id).non2xx, 0);
      targets.push({ target: "PostgreSQL, 50 conns: zero non-2xx (POST /f/ answers 302: counted as success)", value: `${non2xx} non-2xx on GETs, ${failures} 4xx/5xx/errors in all`, met: failures === 0 && non2xx === 0 });
    }
    if (at10("trivial")) {
      const worst = PAGES.map((p) => ({ page: p.label, p95: at10(p.id).p95 })).sort((a, b) => b.p95 - a.p95)[0];
      targets.push({ target: "PostgreSQL, 10 conns: p95 < 50 ms on every page", value: `worst ${fixed(worst.p95)} ms (${worst.page})`, met: worst.p95 < 50 });
    }
  }
  for (const r of results) {
    const unequal = PAGES.filter((p) => {
      const q = r.pages[p.id]!.queries;
      return q.small !== q.large || (q.firstOpen && q.firstOpen.small !== q.firstOpen.large);
    });
    targets.push({ target: `${r.engine}: equal query counts, small vs large workspace`, value: unequal.length ? `differ: ${unequal.map((p) => p.label).join(", ")}` : "equal on every page", met: unequal.length === 0 });
  }
  if (assets) {
    for (const name of ["/s/:token (buyer)", "/f/:token (user)"]) {
      const kb = assets[name].js / 1024;
      targets.push({ target: `${name}: JS < 120 KB gzipped`, value: `${fixed(kb)} KB`, met: kb < 120 });
    }
  }
  if (startup) {
    targets.push({ target: "npm start (built app) to first 200 on the embedded database < 3 s, restart", value: `${startup.existingDataDirMs} ms`, met: startup.existingDataDirMs < 3000 });
    targets.push({ target: "npm start (built app) to first 200 on the embedded database < 3 s, fresh data directory", value: `${startup.freshDataDirMs} ms`, met: startup.freshDataDirMs < 3000 });
  }
  return targets;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  const loadAtStart = os.loadavg();
  log(`Charter benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}, ${DURATION} s per run, ${CONNECTIONS.join(" and ")} connections, engines: ${ENGINES.join(", ")}`);
  log("Note: autocannon runs in this process on the same machine, so it competes with the server (and PostgreSQL) for the CPU cores.");
  log(`Load average before starting: ${os.loadavg().map((n) => n.toFixed(2)).join(", ")} (other work on the machine skews the figures; CPU ms per request is the steadier measure)`);

  let built = false;
  if (process.env.BENCH_BUILD !== "0") {
    log("\nnpm run build …");
    const t0 = performance.now();
    execFileSync("npm", ["run", "build", "--silent"], { stdio: ["ignore", "ignore", "inherit"], env: { ...userEnv, NODE_ENV: "production" } });
    built = true;
    log(`built in ${fixed((performance.now() - t0) / 1000)} s`);
  }

  log("\n== Start-up: npm start with a built app, embedded database ==");
  const startup = await measureStartup(BASE_PORT + 1);
  log(`first 200: ${startup.freshDataDirMs} ms on a fresh data directory (creates and migrates the database), ${startup.existingDataDirMs} ms on restart${startup.rebuilt ? " (the first launch rebuilt: sources newer than build/; measured again)" : ""}`);

  const results: EngineResult[] = [];
  let assets: Record<string, { js: number; css: number; files: Record<string, number> }> | null = null;
  for (const engine of ENGINES) {
    const { result, assets: measured } = await runEngine(engine, assets);
    results.push(result);
    assets ??= measured;
  }

  if (assets) {
    log("\n== Transferred JS and CSS per page (gzipped, the assets its HTML references) ==");
    for (const [name, size] of Object.entries(assets)) log(`${name.padEnd(28)} JS ${fixed(size.js / 1024).padStart(6)} KB   CSS ${fixed(size.css / 1024).padStart(5)} KB   (${Object.keys(size.files).length} files)`);
  }
  printSummary(results);

  const targets = evaluateTargets(results, assets, startup);
  log("\n== Targets ==");
  for (const t of targets) log(`${t.met ? "met   " : "MISSED"}  ${t.target}: ${t.value}`);

  const report = {
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtStart: loadAtStart, loadAverageAtEnd: os.loadavg() },
    settings: { durationSeconds: DURATION, warmupSeconds: WARMUP, connections: CONNECTIONS, pipelining: 1, large: LARGE, small: SMALL, built, note: "autocannon runs on the same 2 cores as the server" },
    startup,
    assets,
    engines: results,
    targets,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  const file = path.join(OUT, "results.json");
  writeFileSync(file, JSON.stringify(report, null, 2));
  log(`\nResults: ${file} (${report.totalSeconds} s in all)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
