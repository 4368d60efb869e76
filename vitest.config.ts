import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Integration tests run on embedded PGlite, or on the PostgreSQL server of DATABASE_URL when set.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup.ts"],
    // A forgotten .only would quietly skip the rest of the suite: refused everywhere, as in playwright.config.ts.
    allowOnly: false,
    pool: "forks",
    // Budgets for a loaded 2-core machine: the slowest test takes 3–9 s alone (fuzzed forms that
    // hash passwords, 20 parallel confirmations) and took 44–48 s beside four other suites; a
    // file's set-up (database, demo workspace) up to 30 s there.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test" },
  },
});
