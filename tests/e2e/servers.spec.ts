import { spawn, type ChildProcess } from "node:child_process";
import postgres from "postgres";
import { expect, test } from "@playwright/test";
import { closeDatabase, connectDatabase } from "#db/client";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, openRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import { env } from "~/utils/env.server";
import { contactInput, customerInput, newWorkspace, programInput } from "../support/factories";
import { startResendStandIn } from "../support/resend-stand-in";

/**
 * Charter's scale path: several independent app servers (here two, one process each, on two ports)
 * in front of one PostgreSQL, requests alternating between them. They start together (one migrates,
 * the other waits), a rate limit counts across both, the background work runs on one of them only
 * (every email sent exactly once), and when that server dies the other takes the work over.
 */

const serverUrl = process.env.CHARTER_TEST_PG;
test.skip(!serverUrl, "Needs a PostgreSQL server (npm test starts one and sets CHARTER_TEST_PG): servers share one only through PostgreSQL.");

const ports = [Number(process.env.E2E_PORT ?? 3210) + 6, Number(process.env.E2E_PORT ?? 3210) + 7];
const urls = ports.map((port) => `http://127.0.0.1:${port}`);
const database = `charter_servers_${process.pid}`;
const BACKGROUND = "Background work (emails, reminders, pruning) runs on this server.";
let standIn: Awaited<ReturnType<typeof startResendStandIn>>;
const servers: { process: ChildProcess; output: string }[] = [];
let sql: ReturnType<typeof postgres>;
let databaseUrl: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  await admin.end();
  const url = new URL(serverUrl!);
  url.pathname = `/${database}`;
  sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  databaseUrl = url.toString();
  standIn = await startResendStandIn();
  for (const port of ports) {
    const server = {
      output: "",
      process: spawn(process.execPath, ["server.mjs"], {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          NODE_ENV: "test",
          // Settings that must match on every server: the secret, the public address, the database.
          // This test's process queues emails too (below): their sealed links must open on the servers.
          SESSION_SECRET: env().SESSION_SECRET,
          APP_URL: urls[0],
          DATABASE_URL: url.toString(),
          WEB_CONCURRENCY: "1",
          RATE_LIMIT_SCALE: "1",
          RESEND_API_KEY: "re_test_key",
          RESEND_BASE_URL: standIn.baseUrl,
          EMAIL_FROM: "Charter <charter@example.test>",
        },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    };
    server.process.stdout!.on("data", (chunk) => (server.output += chunk));
    server.process.stderr!.on("data", (chunk) => (server.output += chunk));
    servers.push(server);
  }
  for (const server of servers) await expect.poll(() => server.output, { timeout: 90_000, message: "a server did not start" }).toContain("Charter is ready");
});

test.afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill("SIGKILL");
  await sql?.end();
  await closeDatabase();
  await standIn?.close();
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
});

/** A request to server `i`, on a connection of its own. */
const send = (i: number, path: string, init: RequestInit = {}) =>
  fetch(urls[i] + path, { ...init, headers: { connection: "close", origin: urls[i], ...init.headers }, redirect: "manual" });
const form = (values: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(values).toString() });

test("two servers on one PostgreSQL: shared rate limits, background work on one only, each email and reminder sent once", async () => {
  test.setTimeout(240_000);
  // Both ran start-up (migrations under a lock); exactly one runs the background work.
  const leaders = () => servers.map((server, i) => (server.output.includes(BACKGROUND) ? i : -1)).filter((i) => i >= 0);
  await expect.poll(leaders, { timeout: 20_000 }).toHaveLength(1);
  const [leader] = leaders();
  const follower = 1 - leader;

  // Failed sign-ins alternate between the servers: the limit (10 per 15 minutes) holds for the pair.
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    const response = await send(i % 2, "/login", form({ email: "nobody@example.test", password: "not-the-password" }));
    statuses.push(response.status);
    await response.arrayBuffer();
  }
  expect(statuses).toEqual([...Array(10).fill(400), 429, 429]);

  // A workspace created on one server, used on the other (the session is in the shared database).
  const setup = await send(0, "/setup", form({ workspaceName: "Two Servers Co", name: "Ada Admin", email: "ada@example.test", password: "a long enough password" }));
  expect(setup.status).toBe(302);
  const cookie = setup.headers.get("set-cookie")!.split(";")[0];
  const invite = async (i: number, n: number) => {
    const response = await send(i, "/members", { ...form({ intent: "invite", name: `Invitee ${n}`, email: `invitee${n}@example.test`, role: "viewer" }), headers: { "content-type": "application/x-www-form-urlencoded", cookie } });
    expect(response.status, `invitation ${n} on server ${i}`).toBeLessThan(400);
    await response.arrayBuffer();
  };
  for (let n = 0; n < 6; n++) await invite(n % 2, n);

  const sentCount = async () => Number((await sql`select count(*)::int as n from email_outbox where status = 'sent'`)[0].n);
  await expect.poll(sentCount, { timeout: 60_000 }).toBe(6);
  expect(standIn.received.map((r) => r.body.to).flat().sort()).toEqual([0, 1, 2, 3, 4, 5].map((n) => `invitee${n}@example.test`));

  // Three buyers were sent sign-off requests more than three days ago: each is due one reminder.
  await connectDatabase({ databaseUrl }, { migrate: false });
  const ws = await newWorkspace();
  const program = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < 6; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId: program.id, input: customerInput(`Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId: program.id, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId: program.id, customerId: id, input: contactInput(`Buyer ${c}`, { isBuyer: true }) });
    await addContact({ actor: ws.admin, programId: program.id, customerId: id, input: contactInput(`User ${c}`, { isUser: true }) });
    customerIds.push(id);
  }
  const round = await createRound({ actor: ws.admin, programId: program.id, input: { title: "R", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  await changeTasks({ actor: ws.admin, programId: program.id, roundId: round.id, change: { intent: "add-task", instruction: "Try it", successCriteria: "" } });
  await openRound({ actor: ws.admin, programId: program.id, roundId: round.id });
  for (const customerId of customerIds.slice(0, 3)) {
    await saveBusinessCase({ actor: ws.admin, programId: program.id, roundId: round.id, customerId, input: { problem: "Overtime", valueClaimed: "15% less", priceTerms: "EUR 24,000", notes: "" } });
    await sendSignoffRequest({ actor: ws.admin, programId: program.id, roundId: round.id, customerId });
  }
  await sql`update signoff_requests set created_at = created_at - interval '3 days 1 hour' where round_id = ${round.id}`;
  const queued = Number((await sql`select count(*)::int as n from email_outbox`)[0].n);

  // The server running the background work sends what is queued, then dies; the other takes over:
  // it sends what is queued after that and the reminders now due, once each. (A sender that dies
  // holding a claim leaves its emails to be retried when the claim's lease ends, minutes later;
  // tests/integration/outbox.test.ts covers that.)
  await expect.poll(sentCount, { timeout: 60_000 }).toBe(queued);
  servers[leader].process.kill("SIGKILL");
  await invite(follower, 6);
  await expect.poll(() => servers[follower].output, { timeout: 60_000 }).toContain(BACKGROUND);
  const reminders = async () => (await sql`select reminder_count from signoff_requests where round_id = ${round.id}`).map((r) => Number(r.reminder_count));
  await expect.poll(reminders, { timeout: 60_000 }).toEqual([1, 1, 1]);
  const total = queued + 1 + 3;
  await expect.poll(sentCount, { timeout: 60_000 }).toBe(total);
  expect(Number((await sql`select count(*)::int as n from email_outbox where template = 'signoff-reminder'`)[0].n)).toBe(3);
  expect(standIn.received).toHaveLength(total);
  expect(new Set(standIn.received.map((r) => r.idempotencyKey)).size).toBe(total);
  expect(servers[follower].output).not.toMatch(/Error|error:/);
});
