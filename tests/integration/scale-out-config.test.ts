import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Several processes started together on one machine with one data directory and no secrets in the
 * environment (two `npm run serve` on one host): each fills in the demo config from that directory.
 * They must all end up with the SAME secrets and keys — one that sealed a token with its own
 * DATA_ENCRYPTION_KEY would leave the others unable to open it.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("demo config: several processes on one data directory", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("four processes preparing an empty data directory at once agree on every secret and key", async () => {
    for (let round = 0; round < 2; round++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "loket-config-race-"));
      dirs.push(dataDir);
      const outs = await Promise.all(
        Array.from({ length: 4 }, () =>
          run(path.join(ROOT, "node_modules/.bin/tsx"), ["tests/integration/scale-out-config-child.ts"], { cwd: ROOT, env: { ...process.env, LOKET_DATA_DIR: dataDir } }),
        ),
      );
      const seen = outs.map((o) => JSON.parse(o.stdout) as Record<string, string>);
      for (const s of seen) expect(s).toEqual(seen[0]);
      expect(seen[0]!.session).toMatch(/^[0-9a-f]{64}$/);
    }
  }, 90_000);
});
