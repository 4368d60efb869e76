/**
 * `npm run test:load`: the load test of issue 6, on loopback against the production build on
 * PostgreSQL. 200 users submit feedback and 10 buyers approve, all at once — with duplicate posts
 * (double clicks and retries) and answers changed mid-flight — then the database is checked:
 * no 5xx, every user's response stored exactly once (a change is one new version, an identical
 * repeat nothing), one sign-off per buyer. Prints the figures, writes them as JSON, exits 1 on any
 * miss. Uses the PostgreSQL server of DATABASE_URL (a fresh database on it), or starts a
 * throwaway cluster. Needs `npm run build` first.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import { and, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { closeDatabase, connectDatabase, db } from "#db/client";
import { auditEvents, contacts, emailOutbox, roundTasks, signoffs, userResponses, userResponseTasks } from "#db/schema";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, openRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { createWorkspace } from "~/modules/workspaces/workspaces.server";
import { startPostgres } from "../bench/postgres";
import { emailProps } from "../support/emails";

const CUSTOMERS = 10;
const USERS_PER_CUSTOMER = 20;
const DUPLICATED = 50; // users who double-click: the same post twice at once
const CHANGED = 20; // users who change an answer while their first post is in flight
const BUYER_POSTS = 3; // each buyer's approval is posted three times at once

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const cluster = process.env.DATABASE_URL ? null : await startPostgres(await freePort());
const serverUrl = process.env.DATABASE_URL ?? cluster!.url;
const database = `charter_load_${process.pid}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${database}`);
const url = new URL(serverUrl);
url.pathname = `/${database}`;
const databaseUrl = url.toString();

// The seeding here and the server share the secret the outbox seals email links with.
const SESSION_SECRET = "load-test-secret-load-test-secret-0123456789";
process.env.SESSION_SECRET = SESSION_SECRET;

const failures: string[] = [];
const check = (ok: boolean, message: string) => {
  if (!ok) failures.push(message);
  console.log(`${ok ? "ok  " : "FAIL"} ${message}`);
};

// ---- Seed: one program, 10 active customers of 20 users and a buyer each, a round open with 2 tasks.
const seedStarted = performance.now();
await connectDatabase({ databaseUrl });
const origin = { ip: null, userAgent: "load test" };
const { member } = await createWorkspace({ workspaceName: "Load Co", name: "Lee Load", email: "lee@load.test", password: "load test password", origin });
const actor = { type: "member" as const, memberId: member.id, workspaceId: member.workspaceId, role: "admin" as const, ...origin };
const program = await createProgram({ actor, input: { name: "Load", product: "Board", valueHypothesis: "Faster.", targetReferenceable: 6 } });
const customerIds: string[] = [];
for (let c = 0; c < CUSTOMERS; c++) {
  const { id } = await enrollCustomer({ actor, programId: program.id, input: { name: `Customer ${c}`, segment: "", website: "", notes: "" } });
  await changeCustomerStatus({ actor, programId: program.id, customerId: id, change: { intent: "activate" } });
  const person = (name: string, roles: { isBuyer?: boolean; isUser?: boolean }) => ({ name, email: `${name.replace(/\s/g, ".").toLowerCase()}@c${c}.test`, title: "", isBuyer: false, isUser: false, isChampion: false, isGatekeeper: false, isReferenceContact: false, ...roles });
  await addContact({ actor, programId: program.id, customerId: id, input: person(`Buyer ${c}`, { isBuyer: true }) });
  for (let u = 0; u < USERS_PER_CUSTOMER; u++) await addContact({ actor, programId: program.id, customerId: id, input: person(`User ${u}`, { isUser: true }) });
  customerIds.push(id);
}
const round = await createRound({ actor, programId: program.id, input: { title: "Load round", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
for (const instruction of ["Plan a day", "Move a job"]) await changeTasks({ actor, programId: program.id, roundId: round.id, change: { intent: "add-task", instruction, successCriteria: "" } });
await openRound({ actor, programId: program.id, roundId: round.id });
for (const customerId of customerIds) {
  await saveBusinessCase({ actor, programId: program.id, roundId: round.id, customerId, input: { problem: "Overtime", valueClaimed: "15% less", priceTerms: "EUR 24,000", notes: "" } });
  await sendSignoffRequest({ actor, programId: program.id, roundId: round.id, customerId });
}
const links = async (template: string, marker: string) =>
  (await db().select({ props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, member.workspaceId), eq(emailOutbox.template, template)))).map(
    (r) => (r.props as { link: string }).link.split(marker)[1],
  );
const userTokens = await links("feedback-invite", "/f/");
const buyerTokens = await links("signoff-request", "/s/");
const taskIds = (await db().select({ id: roundTasks.id }).from(roundTasks).where(eq(roundTasks.roundId, round.id)).orderBy(roundTasks.position)).map((t) => t.id);
await closeDatabase();
const seedMs = performance.now() - seedStarted;
console.log(`Seeded ${userTokens.length} user links and ${buyerTokens.length} buyer links in ${Math.round(seedMs)} ms`);

// ---- The production server on that database.
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ["server.mjs"], {
  env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, APP_URL: base, SESSION_SECRET, RATE_LIMIT_SCALE: "100" },
  stdio: ["ignore", "pipe", "pipe"],
});
let serverLog = "";
server.stdout.on("data", (chunk) => (serverLog += chunk));
server.stderr.on("data", (chunk) => (serverLog += chunk));
for (let i = 0; ; i++) {
  const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
  if (ok) break;
  if (i > 300 || server.exitCode !== null) throw new Error(`The server did not start:\n${serverLog}`);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// ---- Fire everything at once.
const feedbackBody = (sus: number, comment: string) => {
  const body = new URLSearchParams();
  taskIds.forEach((taskId, i) => {
    body.set(`tasks[${i}].taskId`, taskId);
    body.set(`tasks[${i}].outcome`, i === 0 ? "completed" : "completed_with_help");
    body.set(`tasks[${i}].comment`, comment);
  });
  for (let item = 1; item <= 10; item++) body.set(`sus${item}`, String(item % 2 ? sus : 6 - sus));
  body.set("confusing", "");
  body.set("missing", "");
  return body;
};
const approval = (name: string) =>
  new URLSearchParams({ decision: "approve", conditions: "", declineReason: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: "on", signatureName: name });

type Result = { kind: string; status: number; ms: number; location: string };
const postForm = async (kind: string, path: string, body: URLSearchParams): Promise<Result> => {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${path}`, { method: "POST", body, redirect: "manual", headers: { origin: base, "content-type": "application/x-www-form-urlencoded" } });
    await response.arrayBuffer();
    return { kind, status: response.status, ms: performance.now() - started, location: response.headers.get("location") ?? "" };
  } catch (error) {
    return { kind, status: 0, ms: performance.now() - started, location: String(error) };
  }
};

const requests: Promise<Result>[] = [];
userTokens.forEach((token, i) => {
  requests.push(postForm("feedback", `/f/${token}`, feedbackBody(4, "first")));
  if (i < DUPLICATED) requests.push(postForm("feedback (duplicate)", `/f/${token}`, feedbackBody(4, "first")));
  else if (i < DUPLICATED + CHANGED) requests.push(postForm("feedback (changed)", `/f/${token}`, feedbackBody(5, "changed")));
});
buyerTokens.forEach((token, b) => {
  for (let n = 0; n < BUYER_POSTS; n++) requests.push(postForm(n === 0 ? "sign-off" : "sign-off (duplicate)", `/s/${token}`, approval(`Buyer ${b}`)));
});
const fired = performance.now();
const results = await Promise.all(requests);
const wallMs = performance.now() - fired;

server.kill("SIGTERM");
await new Promise((resolve) => server.once("exit", resolve));

// ---- What the database holds.
await connectDatabase({ databaseUrl }, { migrate: false });
const one = async <T>(query: Promise<T[]>) => (await query)[0];
const responses = await one(db().select({ n: sql<number>`count(*)`.mapWith(Number), people: sql<number>`count(distinct ${userResponses.contactId})`.mapWith(Number), v2: sql<number>`count(*) filter (where ${userResponses.version} = 2)`.mapWith(Number), over: sql<number>`count(*) filter (where ${userResponses.version} > 2)`.mapWith(Number) }).from(userResponses).where(eq(userResponses.roundId, round.id)));
const taskRows = await one(db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(userResponseTasks).where(eq(userResponseTasks.roundId, round.id)));
const decided = await one(db().select({ n: sql<number>`count(*)`.mapWith(Number), buyers: sql<number>`count(distinct ${signoffs.contactId})`.mapWith(Number) }).from(signoffs).where(eq(signoffs.roundId, round.id)));
const audited = await db().select({ action: auditEvents.action, n: sql<number>`count(*)`.mapWith(Number) }).from(auditEvents).where(eq(auditEvents.roundId, round.id)).groupBy(auditEvents.action);
const users = await one(db().select({ n: sql<number>`count(*)`.mapWith(Number) }).from(contacts).where(and(eq(contacts.workspaceId, member.workspaceId), eq(contacts.isUser, true))));
await closeDatabase();
await admin.unsafe(`drop database if exists ${database} with (force)`);
await admin.end();
cluster?.stop();

// ---- Figures and checks.
const statuses = results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
const auditOf = (action: string) => audited.find((a) => a.action === action)?.n ?? 0;
const figures = {
  date: new Date().toISOString(),
  requests: results.length,
  users: users.n,
  buyers: buyerTokens.length,
  wallMs: Math.round(wallMs),
  requestsPerSecond: Math.round((results.length / wallMs) * 1000),
  latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: pct(100) },
  statuses,
  stored: { responses: responses.n, people: responses.people, changedToVersion2: responses.v2, taskRows: taskRows.n, signoffs: decided.n, feedbackSubmittedEvents: auditOf("feedback.submitted"), feedbackUpdatedEvents: auditOf("feedback.updated"), approvals: auditOf("signoff.approved") },
};
console.log(`\n${results.length} posts in ${figures.wallMs} ms (${figures.requestsPerSecond}/s); latency p50 ${figures.latencyMs.p50} ms, p95 ${figures.latencyMs.p95} ms, p99 ${figures.latencyMs.p99} ms; statuses ${JSON.stringify(statuses)}\n`);

const fiveXX = results.filter((r) => r.status >= 500 || r.status === 0);
check(fiveXX.length === 0, `no 5xx or dropped request (${fiveXX.length}${fiveXX.length ? `: ${fiveXX.slice(0, 3).map((r) => `${r.kind} ${r.status} ${r.location}`).join("; ")}` : ""})`);
check(results.every((r) => r.status === 302 || r.status === 303), "every post was accepted and redirected to its receipt (no 4xx: no rate limit, no refusal)");
const expectedUsers = CUSTOMERS * USERS_PER_CUSTOMER;
check(userTokens.length === expectedUsers && responses.n === expectedUsers && responses.people === expectedUsers, `one response per user: ${responses.n} responses from ${responses.people} of ${expectedUsers} users`);
check(taskRows.n === expectedUsers * taskIds.length, `one outcome per user and task: ${taskRows.n} of ${expectedUsers * taskIds.length}`);
check(responses.over === 0 && responses.v2 === CHANGED, `identical repeats stored nothing; each changed answer is exactly one new version (${responses.v2} of ${CHANGED})`);
check(auditOf("feedback.submitted") === expectedUsers && auditOf("feedback.updated") === responses.v2, `audit: ${auditOf("feedback.submitted")} submitted, ${auditOf("feedback.updated")} changed`);
check(decided.n === CUSTOMERS && decided.buyers === CUSTOMERS && auditOf("signoff.approved") === CUSTOMERS, `one sign-off per buyer: ${decided.n} sign-offs from ${decided.buyers} buyers, ${auditOf("signoff.approved")} approvals audited, from ${CUSTOMERS * BUYER_POSTS} posts`);

mkdirSync(".tmp/load", { recursive: true });
writeFileSync(".tmp/load/results.json", JSON.stringify({ ...figures, failures }, null, 2));
console.log(`\nFigures written to .tmp/load/results.json`);
if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed. Server log:\n${serverLog.slice(-4000)}`);
  process.exit(1);
}
process.exit(0);
