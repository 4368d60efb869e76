import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import { closeDatabase, connectDatabase } from "#db/client";
import { clock } from "~/utils/clock.server";
import { TEMPLATE_DB, withDatabase } from "./global-setup";

// Each test file gets a database of its own: an in-memory PGlite migrated here, or on a
// PostgreSQL server a clone of the migrated template database.
const serverUrl = process.env.DATABASE_URL;
const fileDatabase = `charter_test_${randomBytes(6).toString("hex")}`;

// Unit tests (tests/unit) touch no database: they skip its set-up, the slowest part of a small file.
const needsDatabase = !/[\\/]tests[\\/]unit[\\/]/.test(expect.getState().testPath ?? "");

beforeAll(async () => {
  if (!needsDatabase) return;
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${fileDatabase} template ${TEMPLATE_DB}`);
    await admin.end();
    await connectDatabase({ databaseUrl: withDatabase(serverUrl, fileDatabase) }, { migrate: false });
  } else {
    await connectDatabase({ dataDir: "memory://" });
  }
});

afterAll(async () => {
  if (!needsDatabase) return;
  await closeDatabase();
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${fileDatabase} with (force)`);
    await admin.end();
  }
});

// A console.error during a test is a failure unless the test expects it (and mocks it).
let consoleError: ReturnType<typeof vi.spyOn>;
beforeAll(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  clock.now = () => new Date();
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length > 0) throw new Error(`console.error was called during the test: ${calls.map((c: unknown[]) => c.join(" ")).join("\n")}`);
});
