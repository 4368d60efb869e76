import { defineConfig, devices } from "@playwright/test";
import { productionEnv } from "./tests/support/production-env";

const port = Number(process.env.E2E_PORT ?? 3210);
// The security spec exhausts rate limits, so it gets a server (and database) of its own.
const securityPort = port + 1;
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};
const server = (listen: number, dataDir: string, extraEnv: Record<string, string> = {}) => ({
  command: `rm -rf ${dataDir} && node server.mjs`,
  url: `http://127.0.0.1:${listen}/healthz`,
  reuseExistingServer: false,
  // A test's budget on a loaded 2-core machine: the sign-off flow took over 60 s beside other suites.
  timeout: 120_000,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
  env: {
    PORT: String(listen),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
    ...productionEnv(`http://127.0.0.1:${listen}`),
    // webhooks.spec's receiver listens on this machine, over http.
    WEBHOOKS_ALLOW_PRIVATE: "true",
    ...extraEnv,
  },
});

// Debian's Chromium (browsers cannot be downloaded here), on the production build, against a
// fresh embedded database, or the PostgreSQL server of E2E_DATABASE_URL when set.
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // A test's budget on a loaded 2-core machine: the sign-off flow took over 60 s beside other suites.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testIgnore: /security\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    {
      name: "security",
      testMatch: /security\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions, baseURL: `http://127.0.0.1:${securityPort}` },
    },
  ],
  // Data dirs are named by port so two runs on different E2E_PORTs never share a database.
  // Every test creates a workspace from this machine's one address: over 20 in a run, the sign-up
  // limit's default. The security spec's server keeps the default and tests it.
  webServer: [server(port, `.tmp/e2e-data-${port}`, { SIGN_UP_LIMIT_PER_HOUR: "1000" }), server(securityPort, `.tmp/e2e-data-${securityPort}`)],
});
