import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "~/db/rows.server";
import { useTestDb } from "../support/db";
import {
  control,
  ENCRYPTION_KEY,
  makeCampaign,
  useCampaignSandbox,
  type Effects,
} from "./campaigns-delivery-support";

/**
 * Campaign workers in separate processes on one Postgres database: two at once, and one killed
 * mid-batch then replaced. Postgres only (an embedded PGlite database serves one process).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const WORKER = path.join(ROOT, "tests/integration/campaigns-delivery-worker.ts");

const t = useTestDb();
const s = useCampaignSandbox();

type WorkerOut = {
  code: number | null;
  signal: NodeJS.Signals | null;
  summary?: { sent: number; cpuMs: number };
  stderr: string;
};

function runWorker(campaignId: string, env: Record<string, string> = {}): Promise<WorkerOut> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [WORKER], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.handle.url!,
        SANDBOX_URL: s.sb.url,
        CAMPAIGN_ID: campaignId,
        DATA_ENCRYPTION_KEY: ENCRYPTION_KEY,
        LOG_LEVEL: "silent",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code, signal) => {
      const line = out.trim().split("\n").pop();
      let summary;
      try {
        summary = line ? JSON.parse(line) : undefined;
      } catch {
        summary = undefined;
      }
      resolve({ code, signal, summary, stderr: err.slice(-2000) });
    });
  });
}

async function byStatus(campaignId: string): Promise<Record<string, number>> {
  const r = await rows<{ status: string; n: number }>(
    t.db,
    sql`select status, count(*)::int as n from campaign_recipients where campaign_id = ${campaignId} group by status`,
  );
  return Object.fromEntries(r.map((x) => [x.status, Number(x.n)]));
}

describe.skipIf(!process.env.DATABASE_URL)("campaign workers in several processes (Postgres)", () => {
  it("two worker processes drain one campaign: none twice, the throttle holds across both", async () => {
    await control(s.sb, "/miniapp/effects", undefined, "DELETE");
    const rate = 250;
    const { campaignId } = await makeCampaign(t.db, s.sb, 1_000, { throttle: rate });
    const seqBefore = s.sb.ctx.requests.at(-1)?.seq ?? 0;
    const [a, b] = await Promise.all([
      runWorker(campaignId, { WORKER_ID: "proc-a", BATCH: "50" }),
      runWorker(campaignId, { WORKER_ID: "proc-b", BATCH: "50" }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(a.summary!.sent).toBeGreaterThan(100);
    expect(b.summary!.sent).toBeGreaterThan(100);
    expect(a.summary!.sent + b.summary!.sent).toBe(1_000);
    expect(await byStatus(campaignId)).toEqual({ sent: 1_000 });
    const fx = await control<Effects>(s.sb, "/miniapp/effects");
    expect(fx.duplicates).toEqual([]);
    expect(fx.total).toBe(1_000);
    // The global rate: in no second did more than the throttle (plus one 100 ms tick of slack) reach GoPay.
    const times = s.sb.ctx.requests
      .filter((r) => r.seq > seqBefore && r.op === "miniapp.push")
      .map((r) => Date.parse(r.at));
    expect(times).toHaveLength(1_000);
    times.sort((x, y) => x - y);
    let maxInSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j++;
      maxInSecond = Math.max(maxInSecond, i - j + 1);
    }
    expect(maxInSecond).toBeLessThanOrEqual(rate * 1.1 + 5);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(((1_000 - rate * 1.1) / rate) * 1_000);
  }, 60_000);

  it("a worker killed mid-batch (calls made, results unwritten) and a new one after the lease: none twice, every recipient sent", async () => {
    await control(s.sb, "/miniapp/effects", undefined, "DELETE");
    const replays0 = (await control<{ pushStats: { replays: number } }>(s.sb, "/miniapp/effects")).pushStats
      .replays;
    const { campaignId } = await makeCampaign(t.db, s.sb, 600);
    const killed = await runWorker(campaignId, {
      WORKER_ID: "doomed",
      KILL_AFTER: "150",
      BATCH: "100",
      CONCURRENCY: "16",
    });
    // tsx relays its child's death as an exit code (137) or the signal itself.
    expect(killed.signal === "SIGKILL" || killed.code === 137).toBe(true);
    expect(killed.summary).toBeUndefined();
    const mid = await byStatus(campaignId);
    expect(mid.sending).toBeGreaterThan(0); // called, never recorded
    const next = await runWorker(campaignId, { WORKER_ID: "heir", LEASE_MS: "1500" });
    expect(next.code, next.stderr).toBe(0);
    expect(await byStatus(campaignId)).toEqual({ sent: 600 });
    const fx = await control<Effects & { pushStats: { replays: number } }>(s.sb, "/miniapp/effects");
    expect(fx.duplicates).toEqual([]);
    expect(fx.total).toBe(600);
    // The rows the dead worker had called were sent again with their own Request-Id: GoPay replayed them.
    expect(fx.pushStats.replays - replays0).toBeGreaterThan(0);
  }, 60_000);
});
