import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import net from "node:net";
import { expect, test } from "@playwright/test";

/**
 * SIGTERM (a deploy, a platform moving the app): the server stops accepting connections, lets the
 * requests in flight finish with their real answer, then closes the database and exits 0. The
 * request in flight is a slow client's sign-in: its body arrives after the signal, and the server
 * still needs the database to answer it.
 */

const port = Number(process.env.E2E_PORT ?? 3210) + 5;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = `.tmp/e2e-shutdown-${port}`;
let app: ChildProcess;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  rmSync(dataDir, { recursive: true, force: true });
  app = spawn(process.execPath, ["server.mjs"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "test", APP_URL: baseURL, DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout!.on("data", (chunk) => (output += chunk));
  app.stderr!.on("data", (chunk) => (output += chunk));
  await expect.poll(() => output, { timeout: 150_000, message: "the server did not start" }).toContain("Charter is ready");
});

test.afterAll(() => {
  if (app && app.exitCode === null) app.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves with the error code of a new connection, or "connected". */
const connectOutcome = () =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
  });

test("SIGTERM lets a request in flight finish with its answer, refuses new connections, then exits 0", async () => {
  test.setTimeout(120_000);
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  const closed = new Promise((resolve) => socket.once("close", resolve));
  // A request the server has surely begun: a first one answered on this same connection.
  socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  await expect.poll(() => answer, { timeout: 20_000 }).toContain("HTTP/1.1 200");
  answer = "";

  const body = new URLSearchParams({ email: "slow.client@example.test", password: "typed on a slow phone" }).toString();
  socket.write(
    `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${baseURL}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 12)}`,
  );
  const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
  app.kill("SIGTERM");
  await expect.poll(() => output, { timeout: 20_000 }).toContain("SIGTERM: shutting down");
  await expect.poll(connectOutcome, { timeout: 20_000, message: "new connections are refused" }).toBe("ECONNREFUSED");
  expect(app.exitCode, "still running while a request is in flight").toBeNull();

  // The rest of the body arrives: the sign-in is judged on the still-open database.
  socket.write(body.slice(12));
  await closed;
  expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  expect(answer).toContain("That email and password do not match an account.");
  expect(await exited).toBe(0);
  expect(output).not.toMatch(/error/i);
});
