import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import {
  approvedBatch,
  batchRow,
  batchRows,
  bulkCustomers,
  csvOf,
  sandboxTruth,
  setCoinLimits,
} from "./coins-bulk-support";
import { coinsControl, useCoinsSandbox } from "./coins-support";

/**
 * Worker processes paying one batch (Postgres only: PGlite is one process). Each child runs the
 * job's own function (payCoinBatchJob) in its own process with its own connections, as a pg-boss
 * worker on another machine would; the sandbox drops 5 % of answers after applying them.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CHILD = path.join(ROOT, "tests/integration/coins-bulk-worker-child.ts");
const ROWS = 1_000;

const t = useTestDb();
const s = useCoinsSandbox();

type Worker = {
  child: ChildProcess;
  dots: () => number;
  done: Promise<{ code: number | null; out: string }>;
};

function worker(batchId: string, staleMs = 120_000): Worker {
  const child = spawn(TSX, [CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: t.handle.url!,
      SANDBOX_URL: s.sb.url,
      MINIAPP_ID: "coins-miniapp",
      MINIAPP_SECRET: "coins-miniapp-secret",
      BATCH_ID: batchId,
      STALE_MS: String(staleMs),
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; out: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, out })),
  );
  return { child, dots: () => (out.match(/\./g) ?? []).length, done };
}

async function until(cond: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function setup() {
  await setCoinLimits(t.db);
  await coinsControl(s.sb, "/coins/wallet", { rupiah: 10_000_000 });
  await coinsControl(s.sb, "/faults", undefined, "DELETE");
  const cs = await bulkCustomers(t.db, s.sb, ROWS);
  const a = await makeStaff(t.db, "finance");
  const b = await makeStaff(t.db, "admin");
  const batchId = await approvedBatch(
    t.db,
    csvOf(cs.map((x, i) => [x.id, String(1000 + (i % 5) * 500), `Bonus ${i}`])),
    a,
    b,
  );
  const walletBefore = (await sandboxTruth(s.sb)).wallet;
  await coinsControl(s.sb, "/faults", { op: "miniapp.cashback", mode: "drop-after", probability: 0.05 });
  return { batchId, walletBefore };
}

/** GoPay's ledger equals Loket's paid rows; every effect from one Request-Id, the row's own. */
async function expectPaidExactlyOnce(batchId: string, walletBefore: number) {
  const rows = await batchRows(t.db, batchId);
  const truth = await sandboxTruth(s.sb);
  const paid = rows.filter((r) => r.status === "paid");
  expect(paid).toHaveLength(ROWS);
  const ours = new Set(paid.map((r) => r.gopayPaymentId));
  const ledger = truth.cashbacks.filter((c) => ours.has(c.paymentId));
  expect(ledger).toHaveLength(ROWS);
  const loketPaid = paid.reduce((a, r) => a + r.amount, 0n);
  expect(BigInt(walletBefore - truth.wallet) * 100n).toBe(loketPaid);
  expect(BigInt(ledger.reduce((a, c) => a + c.rupiah, 0)) * 100n).toBe(loketPaid);
  const requestIdOf = new Map(paid.map((r) => [r.gopayPaymentId!, r.requestId]));
  for (const c of ledger) expect(truth.requestIdOf.get(c.paymentId)).toEqual([requestIdOf.get(c.paymentId)]);
  expect((await batchRow(t.db, batchId)).status).toBe("completed");
}

describe.skipIf(!process.env.DATABASE_URL)("bulk coin batch: worker processes (Postgres)", () => {
  it(`a worker killed mid-batch (SIGKILL) and a new one started: ${ROWS} rows, each paid exactly once`, async () => {
    const { batchId, walletBefore } = await setup();
    const first = worker(batchId, 1_000);
    await until(() => first.dots() >= 200, 120_000);
    first.child.kill("SIGKILL");
    await first.done;
    const mid = await batchRows(t.db, batchId);
    const paidAtKill = mid.filter((r) => r.status === "paid").length;
    expect(paidAtKill).toBeGreaterThan(0);
    expect(paidAtKill).toBeLessThan(ROWS);
    await new Promise((r) => setTimeout(r, 1_200)); // its claims ("paying") are now stale
    const second = worker(batchId, 1_000);
    const end = await second.done;
    expect(end.out).toContain("DONE");
    await coinsControl(s.sb, "/faults", undefined, "DELETE");
    await expectPaidExactlyOnce(batchId, walletBefore);
  }, 300_000);

  it(`two worker processes on the same batch at once: ${ROWS} rows, each paid exactly once`, async () => {
    const { batchId, walletBefore } = await setup();
    const [a, b] = [worker(batchId), worker(batchId)];
    const [ea, eb] = await Promise.all([a.done, b.done]);
    expect(ea.out).toContain("DONE");
    expect(eb.out).toContain("DONE");
    // Both really worked on it.
    expect(a.dots()).toBeGreaterThan(0);
    expect(b.dots()).toBeGreaterThan(0);
    await coinsControl(s.sb, "/faults", undefined, "DELETE");
    await expectPaidExactlyOnce(batchId, walletBefore);
  }, 300_000);
});
