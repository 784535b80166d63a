import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, orders, reconDifferences, reconItems, reconRuns } from "~db/schema";
import { wibDateString } from "~/lib/time";
import { resolveDifferences } from "~/services/reconciliation/actions.server";
import { ensureDailyRun } from "~/services/reconciliation/daily.server";
import { insertRun, processRunSlice, runToEnd } from "~/services/reconciliation/run.server";
import { reconciliationOverview } from "~/services/reconciliation/overview.server";
import { makeStaff } from "./auth-helpers";
import { useTestDb } from "../support/db";
import { coreOrder, snapOrder, statusCalls, until, useReconWorld } from "./reconciliation-support";

/**
 * Issue 14's acceptance: with the sandbox told to lose 3 notifications (drop-notify on notify.snap
 * and notify.core) and one refund made at GoPay behind Loket's back, a run finds exactly those 4
 * differences with the right kinds; "Resync from GoPay" fixes them and a re-run finds none; a run
 * stopped midway resumes without asking GoPay again about an order it already checked.
 */
const t = useTestDb();
const w = useReconWorld();
const today = () => wibDateString(new Date());

async function newRun(throttlePerSecond = 20) {
  const run = await insertRun(t.db, {
    from: today(),
    to: today(),
    throttlePerSecond,
    kind: "manual",
    startedBy: null,
  });
  return run!;
}

async function paidInLoket(id: string) {
  return until(`order ${id} paid in Loket`, async () => {
    const [o] = await t.db.select().from(orders).where(eq(orders.id, id));
    return o?.status === "paid" ? o : undefined;
  });
}

describe("reconciliation against the sandbox", () => {
  it(
    "finds exactly the 3 lost notifications and the refund behind Loket's back, and resync fixes them",
    { timeout: 60_000 },
    async () => {
      // Healthy orders: paid with their notifications delivered.
      const okSnap = await snapOrder(t.db, w);
      const okCore = await coreOrder(t.db, w);
      const refunded = await snapOrder(t.db, w, { amount: 200_000_00n });
      const lostPaid = await snapOrder(t.db, w);
      const lostExpiry = await snapOrder(t.db, w);
      await w.control(`/snap/payments/${okSnap.referenceNo}/pay`, {});
      await w.control(`/snap/payments/${refunded.referenceNo}/pay`, {});
      await paidInLoket(okSnap.id);
      await paidInLoket(refunded.id);
      await paidInLoket(okCore.id);

      // 1. The paid notification of one SNAP payment is lost.
      await w.control("/faults", { op: "notify.snap", mode: "drop-notify", count: 1 });
      await w.control(`/snap/payments/${lostPaid.referenceNo}/pay`, {});
      // 2. The expiry notification of another is lost.
      await w.control("/faults", { op: "notify.snap", mode: "drop-notify", count: 1 });
      await w.control(`/snap/payments/${lostExpiry.referenceNo}/expire`, {});
      // 3. A Core charge's settlement notification is lost (Loket booked the charge's answer).
      await w.control("/faults", { op: "notify.core", mode: "drop-notify", count: 1 });
      const lostCore = await coreOrder(t.db, w);
      // 4. Rp 50.000 refunded at GoPay behind Loket's back.
      await w.control(`/snap/payments/${refunded.referenceNo}/refund-behind`, { amountSen: 50_000_00 });
      await w.control("/tick", {});
      const outbox = (await w.control("/notifications")) as { state: string }[];
      expect(outbox.filter((e) => e.state === "dropped")).toHaveLength(3);

      const run = await newRun();
      await runToEnd(run.id, { client: w.client, database: t.db });
      const [done] = await t.db.select().from(reconRuns).where(eq(reconRuns.id, run.id));
      expect(done).toMatchObject({ status: "completed", checked: 6, total: 6, differences: 4 });
      const diffs = await t.db.select().from(reconDifferences).where(eq(reconDifferences.runId, run.id));
      const byOrder = Object.fromEntries(diffs.map((d) => [d.orderId, d.kind]));
      expect(byOrder).toEqual({
        [lostPaid.id]: "paid_not_in_loket",
        [lostExpiry.id]: "status_behind",
        [lostCore.id]: "notification_missing",
        [refunded.id]: "refund_missing_in_loket",
      });
      expect(diffs.find((d) => d.orderId === lostPaid.id)!.details).toMatchObject({
        gopayStatus: "00",
        loketStatus: "pending",
        notificationReceived: false,
      });
      expect(diffs.find((d) => d.orderId === refunded.id)!.details).toMatchObject({
        gopayRefunded: "5000000",
        loketRefunded: "0",
        missing: "5000000",
      });
      // Explain: both sides' raw answers are kept per order.
      const [item] = await t.db
        .select()
        .from(reconItems)
        .where(and(eq(reconItems.runId, run.id), eq(reconItems.orderId, refunded.id)));
      expect(item!.result).toMatchObject({
        loket: { status: "paid", refundedAmount: "0" },
        gopay: { latestTransactionStatus: "04" },
      });

      const overview = await reconciliationOverview(t.db);
      expect(overview.open).toBe(4);

      const finance = await makeStaff(t.db, "finance");
      const summary = await resolveDifferences(
        { differenceIds: diffs.map((d) => d.id), actor: { id: finance.id, email: finance.email } },
        { client: w.client, database: t.db },
      );
      expect(summary).toEqual({ resolved: 4, remaining: 0, failed: [] });
      const after = await t.db.select().from(reconDifferences).where(eq(reconDifferences.runId, run.id));
      expect(after.every((d) => d.status === "resolved" && d.resolvedBy === finance.id)).toBe(true);
      const [p] = await t.db.select().from(orders).where(eq(orders.id, lostPaid.id));
      const [x] = await t.db.select().from(orders).where(eq(orders.id, lostExpiry.id));
      const [r] = await t.db.select().from(orders).where(eq(orders.id, refunded.id));
      expect([p!.status, x!.status, r!.status, r!.refundedAmount]).toEqual([
        "paid",
        "expired",
        "partially_refunded",
        50_000_00n,
      ]);
      // Through the order page's Resync (audited as order.resync), and the resolution itself audited.
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.actorId, finance.id));
      expect(audits.filter((a) => a.action === "order.resync")).toHaveLength(4);
      expect(audits.filter((a) => a.action === "reconciliation.resolve")).toHaveLength(4);
      expect((await reconciliationOverview(t.db)).open).toBe(0);

      const again = await newRun();
      await runToEnd(again.id, { client: w.client, database: t.db });
      const [second] = await t.db.select().from(reconRuns).where(eq(reconRuns.id, again.id));
      expect(second).toMatchObject({ status: "completed", checked: 6, differences: 0 });
    },
  );

  it(
    "a run stopped midway resumes where it stopped: no order is asked about twice",
    { timeout: 60_000 },
    async () => {
      const run = await newRun(0);
      const [{ n }] = [{ n: (await t.db.select().from(orders)).length }];
      await w.control("/requests", undefined, "DELETE");
      const first = await processRunSlice(run.id, { client: w.client, database: t.db, maxOrders: 2 });
      expect(first).toEqual({ done: false, checked: 2 });
      expect(await statusCalls(w)).toBe(2);
      // "Restart": a fresh slice (as the retried job after a crash) picks up from recon_items.
      await runToEnd(run.id, { client: w.client, database: t.db });
      expect(await statusCalls(w)).toBe(n);
      const items = await t.db.select().from(reconItems).where(eq(reconItems.runId, run.id));
      expect(items).toHaveLength(n);
      const [done] = await t.db.select().from(reconRuns).where(eq(reconRuns.id, run.id));
      expect(done).toMatchObject({ status: "completed", checked: n });
      // A slice of a finished run does nothing.
      expect(await processRunSlice(run.id, { client: w.client, database: t.db })).toEqual({
        done: true,
        checked: 0,
      });
      expect(await statusCalls(w)).toBe(n);
    },
  );

  it("the daily run is created once per WIB day, however often the schedule fires", async () => {
    const at = new Date("2026-11-30T18:00:00Z"); // 01:00 WIB on 1 December
    const a = await ensureDailyRun(at, { database: t.db });
    const b = await ensureDailyRun(new Date(at.getTime() + 60_000), { database: t.db });
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    const daily = await t.db.select().from(reconRuns).where(eq(reconRuns.kind, "daily"));
    expect(daily.map((d) => [d.rangeFrom, d.rangeTo, d.startedBy])).toEqual([
      ["2026-11-30", "2026-11-30", null],
    ]);
  });
});
