import { defineConfig } from "@playwright/test";
import fs from "node:fs";
import { E2E_BASE_URL, E2E_PORT } from "./tests/e2e/support/constants";

/**
 * Which Debian Chromium drives the tests, first found wins:
 * - chromium-headless-shell (`apt-get install chromium-headless-shell`): the headless build of the
 *   same Chromium, which Playwright itself uses for headless runs. 25 specs took 175 s and 321 s
 *   of CPU with it, 314 s and 610 s with the full browser (docs/benchmarks.md, "CI time").
 * - the full browser's binary itself, not /usr/bin/chromium: that wrapper script adds Debian's
 *   default flags, and its --enable-gpu-rasterization rasterises every frame through SwiftShader
 *   on the CPU (269 s and 517 s for the same specs).
 * - /usr/bin/chromium, wherever only the wrapper exists.
 * PLAYWRIGHT_CHROMIUM_PATH overrides (a headed debug run wants the full browser).
 */
const candidates = ["/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium", "/usr/bin/chromium"];
const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? candidates.find((p) => fs.existsSync(p)) ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  throw new Error(
    `Chromium not found at ${chromium}. Install Debian's browser with \`apt-get install chromium-headless-shell\` ` +
      "(or `apt-get install chromium`), or set PLAYWRIGHT_CHROMIUM_PATH to a Chromium binary.",
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
