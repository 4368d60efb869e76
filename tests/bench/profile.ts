/**
 * `npm run profile -- <page>`: where a page's server CPU goes. Seeds the benchmark's large
 * workspace on a throwaway PostgreSQL cluster, starts the existing production build as one worker
 * under `node --cpu-prof`, drives the page with autocannon, and prints the profile's self time by
 * package and by function. See README.md, "Benchmark".
 *
 *   <page>            trivial, page, home, dashboard, round, buyer or feedback (default round)
 *   PROFILE_SECONDS   seconds of load while profiling (default 15)
 *   PROFILE_CONNECTIONS  autocannon connections (default 10)
 *   BENCH_PORT        first of the loopback ports used (default 3400: server and PostgreSQL)
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDatabase, connectDatabase, db } from "#db/client";
import { load, signIn, startServer } from "./load";
import { PAGES, requestsFor } from "./pages";
import { startPostgres } from "./postgres";
import type { PageId } from "./query-counts";
import { seedWorkspace } from "./seed";

process.env.NODE_ENV = "test"; // the in-process part (seeding) runs as a local app

const page = (process.argv[2] ?? "round") as PageId;
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 10);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 3400);
const OUT = path.resolve(".tmp/profile");

type Profile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

/** Self time per package (node_modules/<name>), per app file, or per V8/Node category. */
function ownerOf(url: string, functionName: string) {
  if (!url) return functionName || "(native)";
  const dependency = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (dependency) return dependency[1];
  if (url.includes("build/server")) return "the app (build/server)";
  return url.startsWith("node:") ? "node:" + url.slice(5).split("/").slice(0, 2).join("/") : path.relative(process.cwd(), url.replace(/^file:\/\//, ""));
}

function summarise(profile: Profile, top = 20) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id)!;
    if (callFrame.functionName === "(idle)") return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    const owner = ownerOf(callFrame.url, callFrame.functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    const name = `${callFrame.functionName || "(anonymous)"} · ${owner}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ""}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const print = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((micros / busy) * 100).toFixed(1).padStart(6)} %  ${name}`);
  };
  console.log(`\nbusy (not idle): ${(busy / 1e6).toFixed(1)} s of CPU`);
  print("self time by package", byOwner);
  print("self time by function", byFunction);
}

async function main() {
  const label = PAGES.find((p) => p.id === page)?.label;
  if (!label) throw new Error(`Unknown page "${page}": one of ${PAGES.map((p) => p.id).join(", ")}`);
  if (!existsSync("build/server/index.js")) throw new Error("No build: run `npm run build` first.");
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  const pg = await startPostgres(BASE_PORT + 2);
  try {
    await connectDatabase({ databaseUrl: pg.url });
    const large = await seedWorkspace("large", { programs: 50, customers: 10, rounds: 6, users: 5, tasks: 3 });
    await db().execute(sql`vacuum analyze`);
    await closeDatabase();

    const server = await startServer({
      port: BASE_PORT,
      logFile: path.join(OUT, "server.log"),
      nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${OUT}`],
      env: {
        DATABASE_URL: pg.url,
        WEB_CONCURRENCY: "1", // one process: one profile
        NODE_ENV: "production",
        SESSION_SECRET: randomBytes(32).toString("hex"),
        APP_URL: `http://127.0.0.1:${BASE_PORT}`,
        RATE_LIMIT_SCALE: "1000000",
      },
    });
    try {
      const { cookie } = await signIn(server.url, large.adminEmail, large.password);
      const requests = requestsFor(page, large, cookie, server.url);
      await load({ url: server.url, requests, connections: CONNECTIONS, seconds: 3, pid: server.pid }); // warm-up, in the profile too
      const run = await load({ url: server.url, requests, connections: CONNECTIONS, seconds: SECONDS, pid: server.pid, dbPid: pg.pid });
      console.log(`${label}: ${run.rps.toFixed(1)} req/s at ${CONNECTIONS} connections, ${run.cpuPerRequest.server.toFixed(2)} ms server CPU + ${run.cpuPerRequest.db.toFixed(2)} ms PostgreSQL per request`);
    } finally {
      await server.stop(); // SIGTERM: the server exits, and Node writes the profile
    }
  } finally {
    await closeDatabase();
    pg.stop();
  }
  const file = readdirSync(OUT).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`No profile written in ${OUT}`);
  summarise(JSON.parse(readFileSync(path.join(OUT, file), "utf8")) as Profile);
  console.log(`\nProfile (open in Chrome DevTools → Performance, or speedscope): ${path.join(OUT, file)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
