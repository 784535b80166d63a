import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "../../app/db/client.server";

/**
 * The embedded database is one process's (PGlite does not refuse a second process on its data
 * directory: both write and lose each other's writes). Loket claims the directory with a pid lock
 * file; several instances need PostgreSQL (README "Running several instances").
 */
describe("embedded database: one process per data directory", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "loket-pglite-lock-"));
  const dataDir = path.join(root, "pglite");
  const lockFile = `${dataDir}.lock`;
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("refuses a data directory another live process holds, takes over once that process is gone, releases on close", async () => {
    const other = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      fs.mkdirSync(root, { recursive: true });
      fs.writeFileSync(lockFile, String(other.pid));
      await expect(openDb({ dataDir })).rejects.toThrow(`open in another process (pid ${other.pid})`);
      expect(fs.existsSync(path.join(dataDir, "PG_VERSION"))).toBe(false); // nothing opened
    } finally {
      other.kill("SIGKILL");
      await new Promise((r) => other.once("exit", r));
    }
    const handle = await openDb({ dataDir });
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(fs.existsSync(lockFile)).toBe(false);
    // Opened again after a clean close: no lock in the way.
    const again = await openDb({ dataDir });
    await again.close();
  }, 60_000);
});
