import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DEFAULT_POOL_MAX } from "~/db/client.server";
import { createTestDb } from "../support/db";

/**
 * DATABASE_POOL_MAX reaches the pool `npm start` opens (env → boot → initDb → openDb). The ingest
 * bench showed the pool size is what decides the tail under a burst (docs/benchmarks.md "Eighth
 * pass"), and with N processes on one managed Postgres the operator has to be able to bound it.
 * Each case boots a child process, as the server does, and counts the backends that served 8
 * concurrent queries. Postgres only: PGlite is a single connection by nature.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const pg = !!process.env.DATABASE_URL;

async function bootChild(env: Record<string, string | undefined>): Promise<{ backends?: number; error?: string }> {
  const handle = await createTestDb({ max: 1 });
  const url = handle.url!;
  await handle.close();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, JOBS_ENABLED: "false", LOG_LEVEL: "silent", ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  try {
    const out = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["tests/integration/db-pool-size-child.ts"], { cwd: ROOT, env: childEnv });
    return JSON.parse(out.stdout) as { backends: number };
  } catch (err) {
    return { error: String((err as { stderr?: string }).stderr ?? err) };
  }
}

describe.skipIf(!pg)("DATABASE_POOL_MAX", () => {
  it("bounds the connections the booted app opens", async () => {
    expect(await bootChild({ DATABASE_POOL_MAX: "3" })).toEqual({ backends: 3 });
  }, 60_000);

  it("defaults to DEFAULT_POOL_MAX (10): 8 queries at once each get a connection", async () => {
    expect(DEFAULT_POOL_MAX).toBe(10);
    expect(await bootChild({ DATABASE_POOL_MAX: undefined })).toEqual({ backends: 8 });
  }, 60_000);

  it.each(["0", "-1", "2.5", "ten"])("refuses %s at boot, naming the variable", async (value) => {
    const r = await bootChild({ DATABASE_POOL_MAX: value });
    expect(r.backends).toBeUndefined();
    expect(r.error).toMatch(/DATABASE_POOL_MAX/);
  }, 60_000);
});
