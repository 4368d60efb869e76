/**
 * The HTTP side of the benchmark: start the production server as a child process, sign in, measure
 * a page's JS and CSS, and drive a page with autocannon (in this process, on loopback) while
 * sampling the server's memory from /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

export type Server = { url: string; port: number; pid: number; child: ChildProcess; stop: () => Promise<void> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls url until it answers 200; returns the milliseconds since `since`. */
export async function waitFor200(url: string, since: number, timeoutMs = 120_000, child?: ChildProcess) {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** `node server.mjs` (the production build) with the given environment; output goes to logFile. */
export async function startServer({ port, env, logFile, args = [], nodeArgs = [] }: { port: number; env: Record<string, string>; logFile: string; args?: string[]; nodeArgs?: string[] }): Promise<Server & { readyMs: number }> {
  const log = createWriteStream(logFile);
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, "server.mjs", ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Both streams into one file: neither may end it while the other still writes.
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once("exit", () => log.end());
  const url = `http://127.0.0.1:${port}`;
  let readyMs: number;
  try {
    readyMs = await waitFor200(`${url}/healthz`, started, 180_000, child);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${error instanceof Error ? error.message : error}; see ${logFile}`);
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  return { url, port, pid: child.pid!, child, stop, readyMs };
}

/** Signs in through the login form and returns the Cookie header value to send. */
export async function signIn(url: string, email: string, password: string) {
  const response = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
    body: new URLSearchParams({ email, password, redirectTo: "/programs", homepage: "" }).toString(),
  });
  await response.arrayBuffer();
  const setCookie = response.headers.getSetCookie().find((c) => c.includes("charter_session="));
  if (response.status !== 302 || !setCookie) throw new Error(`Sign-in failed: ${response.status}`);
  // The production cookie is __Host- and Secure; over plain-http loopback we send it ourselves.
  return { cookie: setCookie.split(";")[0], setCookie };
}

/** The gzipped JS and CSS a page's HTML references (modulepreload, scripts, stylesheets). */
export async function assetSizes(url: string, pagePath: string, cookie: string) {
  const response = await fetch(url + pagePath, { headers: { cookie }, redirect: "manual" });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
  // What the browser fetches on load: modulepreload and stylesheet links, script src, and the
  // inline module script's imports — not the route manifest's mentions of other routes' modules.
  const asset = String.raw`"(\/assets\/[A-Za-z0-9._-]+\.(?:js|css))"`;
  const patterns = [
    new RegExp(String.raw`<link\b[^>]*\brel="(?:modulepreload|stylesheet)"[^>]*\bhref=${asset}`, "g"),
    new RegExp(String.raw`<link\b[^>]*\bhref=${asset}[^>]*\brel="(?:modulepreload|stylesheet)"`, "g"),
    new RegExp(String.raw`<script\b[^>]*\bsrc=${asset}`, "g"),
    new RegExp(String.raw`\b(?:from|import)\s*\(?\s*${asset}`, "g"),
  ];
  const files = [...new Set(patterns.flatMap((pattern) => [...html.matchAll(pattern)].map((m) => m[1])))].sort();
  let js = 0;
  let css = 0;
  const sizes: Record<string, number> = {};
  for (const file of files) {
    const local = path.join("build/client", file);
    const body = existsSync(local) ? readFileSync(local) : Buffer.from(await (await fetch(url + file)).arrayBuffer());
    const size = gzipSync(body).length;
    sizes[file] = size;
    if (file.endsWith(".js")) js += size;
    else css += size;
  }
  return { js, css, files: sizes, htmlGzip: gzipSync(html).length };
}

export type LoadRequest = { method?: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };

export type LoadResult = {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  status: Record<string, number>;
  non2xx: number;
  redirects: number;
  failures: number;
  errors: number;
  timeouts: number;
  peakRssMB: number;
  cpuPerRequest: { server: number; db: number; client: number };
};

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);

/**
 * Reads a /proc/<pid>/status field in kB (VmRSS, VmHWM), summed over the process and its children
 * (a cluster's worker processes).
 */
export function procKb(pid: number, field: "VmRSS" | "VmHWM") {
  const read = (p: number) => {
    try {
      const match = readFileSync(`/proc/${p}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  };
  return [pid, ...childrenOf(pid)].reduce((total, p) => total + read(p), 0);
}

/** The direct children of a process. */
export function childrenOf(pid: number) {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) a process and, optionally, its children processes used so far, in ms. */
export function cpuMs(pid: number, withChildren = false) {
  const read = (p: number | string) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
    } catch {
      return { ppid: -1, ms: 0 };
    }
  };
  let total = read(pid).ms;
  if (withChildren) for (const child of childrenOf(pid)) total += read(child).ms;
  return total;
}

/** Drives the requests (cycled by every connection) for `seconds`; no pipelining. */
export async function load({ url, requests, connections, seconds, pid, dbPid }: { url: string; requests: LoadRequest[]; connections: number; seconds: number; pid: number; dbPid?: number }): Promise<LoadResult> {
  const latencies: number[] = [];
  let turn = 0;
  const cpuBefore = { server: cpuMs(pid, true), db: dbPid ? cpuMs(dbPid, true) : 0, self: process.cpuUsage() };
  let peakRss = procKb(pid, "VmRSS");
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, procKb(pid, "VmRSS"));
  }, 200);
  const instance = autocannon({
    url,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    // One shared round-robin over the requests (autocannon would otherwise cycle each connection
    // through the list from the start, in lockstep: every connection on the same link at once).
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const next = requests[turn++ % requests.length];
          return { ...request, method: next.method ?? "GET", path: next.path, headers: { ...(request.headers as object), ...next.headers }, body: next.body ?? "" };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  clearInterval(sampler);
  const self = process.cpuUsage(cpuBefore.self);
  const cpu = { server: cpuMs(pid, true) - cpuBefore.server, db: dbPid ? cpuMs(dbPid, true) - cpuBefore.db : 0, client: (self.user + self.system) / 1000 };
  const sorted = Float64Array.from(latencies).sort();
  const status = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  const count = (prefix: string) => Object.entries(status).filter(([code]) => code.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
  const total = Object.values(status).reduce((n, c) => n + c, 0);
  return {
    connections,
    seconds: result.duration,
    requests: total,
    rps: total / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : 0,
    status,
    non2xx: result.non2xx,
    redirects: count("3"),
    // autocannon counts a timeout as an error too.
    failures: count("4") + count("5") + result.errors,
    errors: result.errors,
    timeouts: result.timeouts,
    peakRssMB: Math.round(peakRss / 1024),
    // CPU milliseconds per request: the server process, PostgreSQL's processes, autocannon (this process).
    cpuPerRequest: { server: cpu.server / Math.max(total, 1), db: cpu.db / Math.max(total, 1), client: cpu.client / Math.max(total, 1) },
  };
}
