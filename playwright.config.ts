import { defineConfig } from "@playwright/test";
import fs from "node:fs";
import { E2E_BASE_URL, E2E_PORT } from "./tests/e2e/support/constants";

const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  throw new Error(
    `Chromium not found at ${chromium}. Install Debian's browser with \`apt-get install chromium\` ` +
      "(or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary).",
  );
}
const ci = !!process.env.CI;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  fullyParallel: false,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  // Two workers on the 2-core CI machine: e2e on Postgres 11.4 min, 83/83 (one worker: ~25 min).
  workers: 2,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: ci ? [["list"], ["json", { outputFile: "test-results/e2e.json" }]] : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      // Without the background-networking flags Chromium's own connections are refused here and stall it.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: "node_modules/.bin/tsx tests/e2e/support/serve.ts",
    url: `${E2E_BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: { E2E_PORT: String(E2E_PORT) },
  },
});
