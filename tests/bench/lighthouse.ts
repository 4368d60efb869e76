// Lighthouse (mobile, its default config) on the pages people land on: sign-in, the program
// dashboard, a round, a user's feedback page and a buyer's sign-off page.
//
//   npm run build && npm run lighthouse
//
// Starts the production build (NODE_ENV=production) on a free port in 3500–3599 with a fresh
// database under .tmp/lighthouse, creates a workspace with the demo program, opens a round and
// sends a sign-off request through the app's own forms, takes the emailed links from the mailbox,
// then runs Lighthouse in Debian's Chromium. Prints a table and writes every report as JSON.
// Each page runs three times (RUNS=n to change) and the run with the median performance score counts.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Result } from "lighthouse";

const OUT = ".tmp/lighthouse";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = Math.max(1, Number(process.env.RUNS ?? 3));
const TARGETS = { performance: 95, accessibility: 100, "best-practices": 95 } as const;
const PASSWORD = "a long enough password";

if (!existsSync("build/server/index.js")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const port = await freePort(3500, 3599);
const origin = `http://127.0.0.1:${port}`;
const dataDir = join(OUT, `data-${port}`);
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const server = spawn("node", ["server.mjs"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    RESEND_API_KEY: "",
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    APP_URL: origin,
  },
  stdio: ["ignore", "pipe", "pipe"],
});
const serverLog: string[] = [];
server.stdout!.on("data", (chunk) => serverLog.push(String(chunk)));
server.stderr!.on("data", (chunk) => serverLog.push(String(chunk)));

let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  await waitForServer(server);
  const pages = await preparePages();
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const version = (await (await fetch(`http://127.0.0.1:${chrome.port}/json/version`)).json()) as { Browser: string };
  const rows: Record<string, number | string>[] = [];
  let lighthouseVersion = "";
  for (const page of pages) {
    const reports: Result[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(
        page.url,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices"], extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined },
      );
      if (!result) throw new Error(`Lighthouse returned nothing for ${page.name}`);
      reports.push(result.lhr);
    }
    const score = (lhr: Result, id: keyof typeof TARGETS) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    reports.sort((a, b) => score(a, "performance") - score(b, "performance"));
    const lhr = reports[Math.floor(reports.length / 2)];
    lighthouseVersion = lhr.lighthouseVersion;
    writeFileSync(join(OUT, `${page.name}.json`), JSON.stringify(lhr, null, 1));
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
      .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ""}`);
    rows.push({
      page: page.name,
      performance: score(lhr, "performance"),
      accessibility: score(lhr, "accessibility"),
      "best-practices": score(lhr, "best-practices"),
      FCP: lhr.audits["first-contentful-paint"].displayValue ?? "",
      LCP: lhr.audits["largest-contentful-paint"].displayValue ?? "",
      TBT: lhr.audits["total-blocking-time"].displayValue ?? "",
      CLS: lhr.audits["cumulative-layout-shift"].displayValue ?? "",
      "below 0.9": failing.join(", ") || "—",
    });
  }
  printTable(rows);
  const summary = { date: new Date().toISOString(), chromium: version.Browser, node: process.version, lighthouse: lighthouseVersion, runs: RUNS, targets: TARGETS, pages: rows };
  writeFileSync(join(OUT, "summary.json"), JSON.stringify(summary, null, 2));
  console.log(`\nLighthouse ${lighthouseVersion}, ${version.Browser}, Node ${process.version}, ${RUNS} run(s) per page (median performance). Reports in ${OUT}/.`);
  const missed = rows.filter((r) => (Object.keys(TARGETS) as (keyof typeof TARGETS)[]).some((k) => Number(r[k]) < TARGETS[k]));
  if (missed.length) {
    console.log(`Below target (performance ≥ ${TARGETS.performance}, accessibility ${TARGETS.accessibility}, best practices ≥ ${TARGETS["best-practices"]}): ${missed.map((r) => r.page).join(", ")}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(serverLog.join("").slice(-2000));
  process.exitCode = 1;
} finally {
  await chrome?.kill();
  server.kill("SIGTERM");
}

/** The workspace, a round with a task, an open round, a sent sign-off request: all through the app's forms. */
async function preparePages() {
  const email = `lighthouse.${Date.now().toString(36)}@example.test`;
  const setup = await post("/setup", { workspaceName: "Lighthouse Co", name: "Lee Lighthouse", email, password: PASSWORD, loadDemo: "on" });
  const cookie = sessionCookie(setup);
  const programPath = location(setup);
  if (!programPath.startsWith("/programs/")) throw new Error(`Onboarding did not open the demo program (went to ${programPath})`);

  const programHtml = await getHtml(programPath, cookie);
  const harbor = programHtml.match(/href="\/programs\/[^"]+\/customers\/([0-9a-f-]{36})"[^>]*>Harbor Mechanical</)?.[1];
  if (!harbor) throw new Error("The demo program has no Harbor Mechanical");

  const round = await post(`${programPath}/rounds/new`, { title: "Drag-and-drop scheduling", prototypeUrl: "https://prototype.example/v1", minResponses: "3", minSus: "68", minTaskCompletionPct: "78" }, cookie);
  const roundPath = location(round);
  await post(roundPath, { intent: "add-task", instruction: "Schedule tomorrow's 9am boiler service for the nearest technician", successCriteria: "The job shows on a technician's timeline" }, cookie);
  await post(roundPath, { intent: "add-task", instruction: "Move an urgent job to the first free slot today" }, cookie);
  await post(roundPath, { intent: "open-round" }, cookie);
  const casePath = `${roundPath}/customers/${harbor}/case`;
  await post(casePath, { intent: "save", problem: "Dispatch runs on a whiteboard; overtime is 18% of payroll.", valueClaimed: "Overtime down 15%: about EUR 90,000 a year.", priceTerms: "EUR 24,000 per year for up to 250 technicians" }, cookie);
  await post(casePath, { intent: "send" }, cookie);

  const feedbackLink = await mailboxLink("tom.becker@harbormech.example", "/f/", cookie);
  const signoffLink = await mailboxLink("dana.whitfield@harbormech.example", "/s/", cookie);
  return [
    { name: "sign-in", url: `${origin}/login`, cookie: "" },
    { name: "program-dashboard", url: `${origin}${programPath}`, cookie },
    { name: "round", url: `${origin}${roundPath}`, cookie },
    { name: "feedback", url: feedbackLink, cookie: "" },
    { name: "sign-off", url: signoffLink, cookie: "" },
  ];
}

async function post(path: string, form: Record<string, string>, cookie = "") {
  const response = await fetch(`${origin}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form),
  });
  if (response.status >= 400) throw new Error(`POST ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response;
}

async function getHtml(path: string, cookie: string) {
  const response = await fetch(`${origin}${path}`, { headers: { Cookie: cookie } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.text();
}

async function mailboxLink(to: string, path: string, cookie: string) {
  const mailbox = await getHtml("/mailbox", cookie);
  // The list is newest first; each entry links to /mailbox/<id> and names its recipient.
  const entries = [...mailbox.matchAll(/href="\/mailbox\/([0-9a-f-]{36})"[\s\S]*?To (?:<!-- -->)?([^<]+)</g)];
  const entry = entries.find(([, , address]) => address.trim() === to);
  if (!entry) throw new Error(`No email to ${to} in the mailbox`);
  const email = await getHtml(`/mailbox/${entry[1]}`, cookie);
  const link = email.match(new RegExp(`href="(${origin.replace(/[.]/g, "\\.")}${path}[^"]+)"`))?.[1];
  if (!link) throw new Error(`The email to ${to} has no ${path} link`);
  return link.replace(/&amp;/g, "&");
}

function location(response: Response) {
  const to = response.headers.get("location");
  if (!to) throw new Error(`Expected a redirect, got ${response.status}`);
  return new URL(to, origin).pathname;
}

function sessionCookie(response: Response) {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-charter_session="));
  if (!cookie) throw new Error("Onboarding set no __Host-charter_session cookie");
  return cookie.split(";")[0];
}

async function waitForServer(child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The server did not answer /healthz within 60 s");
}

async function freePort(from: number, to: number) {
  for (let candidate = from; candidate <= to; candidate++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer().once("error", () => resolve(false));
      probe.listen(candidate, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
  throw new Error(`No free port in ${from}–${to}`);
}

function printTable(rows: Record<string, number | string>[]) {
  const columns = Object.keys(rows[0]);
  const width = (c: string) => Math.max(c.length, ...rows.map((r) => String(r[c]).length));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(width(columns[i]))).join(" | ")} |`;
  console.log(line(columns));
  console.log(`| ${columns.map((c) => "-".repeat(width(c))).join(" | ")} |`);
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}
