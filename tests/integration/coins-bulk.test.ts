import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, auditLog, coinBatches } from "~db/schema";
import { payCoinBatchJob } from "~/jobs/coins-batch-pay.server";
import { expireApprovals, approveRequest, listApprovals } from "~/services/approvals/approvals.server";
import { approveBatch, rejectBatch } from "~/services/coins/batch-approval.server";
import { resumeBatch } from "~/services/coins/batch-run.server";
import { submitBatch } from "~/services/coins/batch-submit.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import {
  approvedBatch,
  batchRow,
  batchRows,
  bulkCustomers,
  check,
  csvOf,
  sandboxTruth,
  setCoinLimits,
} from "./coins-bulk-support";
import { coinsControl, useCoinsSandbox } from "./coins-support";

const t = useTestDb();
const s = useCoinsSandbox({ timeoutMs: 10_000 });
// why two sizes: 5,000 rows through PGlite (one in-process connection) takes minutes; Postgres runs the full size.
const BIG = process.env.DATABASE_URL ? 5_000 : 500;

async function financePair() {
  const a = await makeStaff(t.db, "finance");
  const b = await makeStaff(t.db, "finance");
  return { submitter: { id: a.id, email: a.email }, approver: { id: b.id, email: b.email } };
}

/** Every row paid exactly once: GoPay's ledger equals Loket's paid rows, one Request-Id per effect. */
async function expectPaidExactlyOnce(batchId: string, walletBefore: number) {
  const rows = await batchRows(t.db, batchId);
  const truth = await sandboxTruth(s.sb);
  const paid = rows.filter((r) => r.status === "paid");
  const ours = new Set(paid.map((r) => r.gopayPaymentId));
  const ledger = truth.cashbacks.filter((c) => ours.has(c.paymentId));
  // No effect at GoPay that Loket does not know of, none twice.
  expect(ledger).toHaveLength(paid.length);
  expect(new Set(ledger.map((c) => c.paymentId)).size).toBe(paid.length);
  const loketPaid = paid.reduce((a, r) => a + r.amount, 0n);
  expect(BigInt(ledger.reduce((a, c) => a + c.rupiah, 0)) * 100n).toBe(loketPaid);
  expect(BigInt(walletBefore - truth.wallet) * 100n).toBe(loketPaid);
  // Each effect came from exactly one Request-Id, and that is the row's own.
  const byPayment = new Map(paid.map((r) => [r.gopayPaymentId!, r.requestId]));
  for (const c of ledger) expect(truth.requestIdOf.get(c.paymentId)).toEqual([byPayment.get(c.paymentId)]);
  expect(new Set(rows.map((r) => r.requestId)).size).toBe(rows.length);
  return { rows, paid, loketPaid };
}

describe("bulk coin batches: approval", () => {
  it("the submitter can never approve their own batch (same staff id, whatever role or session); another finance user can", async () => {
    await setCoinLimits(t.db);
    const cs = await bulkCustomers(t.db, s.sb, 3);
    const { submitter, approver } = await financePair();
    const c = await check(t.db, csvOf(cs.map((x) => [x.id, "10.000", "Thanks"])));
    if (!c.ok) throw new Error("check failed");
    const sub = await submitBatch(t.db, { check: c, filename: "own.csv", actor: submitter });
    if (sub.kind !== "submitted") throw new Error(sub.message);
    // The rows exist now, each with its own Request-Id, awaiting approval.
    const rows = await batchRows(t.db, sub.batchId);
    expect(rows.map((r) => r.status)).toEqual([
      "awaiting_approval",
      "awaiting_approval",
      "awaiting_approval",
    ]);
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(3);
    // The same person through the /approvals path, and directly (a second session carries the same staff id).
    const viaPage = await approveRequest(
      { approvalId: sub.approvalId, actor: { ...submitter, role: "admin" } as never },
      { database: t.db },
    );
    expect(viaPage).toEqual({
      kind: "refused",
      message: "You cannot decide on your own batch: another finance or admin user must.",
    });
    const direct = await approveBatch(t.db, { approvalId: sub.approvalId, actor: submitter });
    expect(direct).toMatchObject({ kind: "refused", code: "own" });
    expect(
      (await rejectBatch(t.db, { approvalId: sub.approvalId, actor: submitter, reason: "mine" })).kind,
    ).toBe("refused");
    expect((await batchRow(t.db, sub.batchId)).status).toBe("pending_approval");
    // /approvals lists it with its totals, row count and a sample.
    const pending = await listApprovals(t.db, "pending");
    const item = pending.find((p) => p.id === sub.approvalId)!;
    expect(item.batch).toMatchObject({ rowCount: 3, total: 30_000_00n, filename: "own.csv" });
    expect(item.batch!.sample).toHaveLength(3);
    expect(item.problem).toBeNull();
    const ok = await approveRequest(
      { approvalId: sub.approvalId, actor: { ...approver, role: "finance" } as never },
      { database: t.db },
    );
    expect(ok).toEqual({ kind: "batch_approved", batchId: sub.batchId });
    expect((await batchRows(t.db, sub.batchId)).every((r) => r.status === "queued")).toBe(true);
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "coin_batch"), eq(auditLog.targetId, sub.batchId)));
    expect(audited.map((a) => a.action).sort()).toEqual(["coins.batch.approve", "coins.batch.submit"]);
    const denied = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "coins.batch.approve"), eq(auditLog.result, "denied")));
    expect(denied.length).toBeGreaterThanOrEqual(1);
  });

  it("an expired approval cannot be used; the sweep marks the batch expired and cancels its rows", async () => {
    await setCoinLimits(t.db);
    const cs = await bulkCustomers(t.db, s.sb, 2);
    const { submitter, approver } = await financePair();
    const c = await check(t.db, csvOf(cs.map((x) => [x.phone, "5000", "Late"])));
    if (!c.ok) throw new Error("check failed");
    const sub = await submitBatch(t.db, { check: c, filename: "late.csv", actor: submitter });
    if (sub.kind !== "submitted") throw new Error(sub.message);
    const later = new Date(Date.now() + 24 * 60 * 60 * 1000 + 1000);
    // Before any sweep ran: refused by time alone.
    expect(
      await approveBatch(t.db, { approvalId: sub.approvalId, actor: approver, now: later }),
    ).toMatchObject({ kind: "refused", code: "expired" });
    expect(await expireApprovals(t.db, later)).toBeGreaterThanOrEqual(1);
    const [a] = await t.db.select().from(approvals).where(eq(approvals.id, sub.approvalId));
    expect(a!.status).toBe("expired");
    expect((await batchRow(t.db, sub.batchId)).status).toBe("expired");
    expect((await batchRows(t.db, sub.batchId)).map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
    expect(await approveBatch(t.db, { approvalId: sub.approvalId, actor: approver })).toMatchObject({
      kind: "refused",
      code: "decided",
    });
    // Nothing left to pay: the job does nothing.
    await payCoinBatchJob({ batchId: sub.batchId }, { database: t.db, client: s.client });
    expect((await batchRows(t.db, sub.batchId)).every((r) => r.status === "cancelled")).toBe(true);
  });
});

describe("bulk coin batches: execution against the sandbox", () => {
  it(`${BIG} rows with 5 % of answers dropped after GoPay applied them: every row paid exactly once`, async () => {
    await setCoinLimits(t.db);
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 10_000_000 });
    const cs = await bulkCustomers(t.db, s.sb, BIG);
    const { submitter, approver } = await financePair();
    const started = Date.now();
    const batchId = await approvedBatch(
      t.db,
      csvOf(
        cs.map((x, i) => [i % 2 ? x.phone : x.merchantUserId, String(1000 + (i % 7) * 100), `Bonus ${i}`]),
      ),
      submitter,
      approver,
    );
    const submittedMs = Date.now() - started;
    const walletBefore = (await sandboxTruth(s.sb)).wallet;
    const fault = await coinsControl<{ id: string }>(s.sb, "/faults", {
      op: "miniapp.cashback",
      mode: "drop-after",
      probability: 0.05,
    });
    const t0 = Date.now();
    await payCoinBatchJob({ batchId }, { database: t.db, client: s.client, concurrency: 8, passDelayMs: 0 });
    const payMs = Date.now() - t0;
    await coinsControl(s.sb, `/faults/${fault.id}`, undefined, "DELETE");
    const b = await batchRow(t.db, batchId);
    expect(b.status).toBe("completed");
    const { paid, loketPaid } = await expectPaidExactlyOnce(batchId, walletBefore);
    expect(paid).toHaveLength(BIG);
    expect(loketPaid).toBe(b.totalAmount);
    // Some answers were really lost (and those rows were retried with the same Request-Id).
    expect(paid.filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
    console.info(
      `coins-bulk: ${BIG} rows submitted in ${submittedMs} ms, paid in ${payMs} ms (${Math.round((BIG / payMs) * 1000)} rows/s)`,
    );
  }, 600_000);

  it("the wallet runs out mid-batch: paused with the amount needed, nothing paid beyond the balance; resume after a top-up finishes it", async () => {
    await setCoinLimits(t.db);
    const cs = await bulkCustomers(t.db, s.sb, 30);
    const { submitter, approver } = await financePair();
    const batchId = await approvedBatch(
      t.db,
      csvOf(cs.map((x) => [x.id, "10.000", "Thanks"])),
      submitter,
      approver,
    );
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 155_000 });
    await payCoinBatchJob({ batchId }, { database: t.db, client: s.client, concurrency: 1 });
    let b = await batchRow(t.db, batchId);
    expect(b.status).toBe("paused");
    expect(b.pauseReason).toMatch(/coin wallet is short/);
    // 15 × Rp 10.000 paid; 15 left (Rp 150.000) with Rp 5.000 in the wallet: Rp 145.000 to top up.
    expect(b.neededAmount).toBe(145_000_00n);
    let rows = await batchRows(t.db, batchId);
    expect(rows.filter((r) => r.status === "paid")).toHaveLength(15);
    expect(rows.filter((r) => r.status === "queued")).toHaveLength(15);
    expect(rows.filter((r) => r.status === "failed")).toHaveLength(0);
    expect((await sandboxTruth(s.sb)).wallet).toBe(5_000);
    // The job again (a retry, a second worker) pays nothing while paused.
    await payCoinBatchJob({ batchId }, { database: t.db, client: s.client });
    expect((await batchRows(t.db, batchId)).filter((r) => r.status === "paid")).toHaveLength(15);
    await coinsControl(s.sb, "/coins/top-up", { rupiah: 145_000 });
    expect(await resumeBatch(t.db, { batchId, actor: submitter })).toEqual({ kind: "resumed" });
    await payCoinBatchJob({ batchId }, { database: t.db, client: s.client });
    b = await batchRow(t.db, batchId);
    expect(b.status).toBe("completed");
    rows = await batchRows(t.db, batchId);
    expect(rows.every((r) => r.status === "paid")).toBe(true);
    expect((await sandboxTruth(s.sb)).wallet).toBe(0);
    const actions = (
      await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetType, "coin_batch"), eq(auditLog.targetId, batchId)))
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "coins.batch.submit",
        "coins.batch.approve",
        "coins.batch.start",
        "coins.batch.pause",
        "coins.batch.resume",
        "coins.batch.complete",
      ]),
    );
  });

  it("a non-retriable refusal (4060) fails that row only, with GoPay's reason", async () => {
    await setCoinLimits(t.db);
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 1_000_000 });
    const cs = await bulkCustomers(t.db, s.sb, 4);
    await coinsControl(s.sb, "/coins/fraud", { customerId: cs[1]!.sandboxId });
    const { submitter, approver } = await financePair();
    const batchId = await approvedBatch(
      t.db,
      csvOf(cs.map((x) => [x.id, "2.500", "Promo"])),
      submitter,
      approver,
    );
    await payCoinBatchJob({ batchId }, { database: t.db, client: s.client });
    const rows = (await batchRows(t.db, batchId)).sort((a, b) => a.line! - b.line!);
    expect(rows.map((r) => r.status)).toEqual(["paid", "failed", "paid", "paid"]);
    expect(rows[1]!.errorCode).toBe("4060");
    const [b] = await t.db.select().from(coinBatches).where(eq(coinBatches.id, batchId));
    expect(b!.status).toBe("completed");
  });
});
