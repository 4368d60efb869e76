import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { closeDatabase, connectDatabase } from "#db/client";
import { clock } from "~/utils/clock.server";

// Each test file gets its own in-memory PGlite (migrated here), or shares the server database.
beforeAll(async () => {
  await connectDatabase(
    process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: "memory://" },
    { migrate: !process.env.DATABASE_URL },
  );
});

afterAll(async () => {
  await closeDatabase();
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
