import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, operations, orderEvents, orders, refunds } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund, type RequestRefundInput } from "~/services/refunds/request-refund.server";
import { resolveRefundOperation } from "~/services/refunds/resolve.server";
import { refundWatch } from "~/services/refunds/watch.server";
import { makeStaff } from "./auth-helpers";
import { control, gopayRefunded, sandboxCoreOrder, sandboxOrder, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

/**
 * The hole: GoPay applies a refund late (sandbox `latency` fault), Loket's call times out,
 * the first status query does not list it yet. Scaled down: the client gives up after TIMEOUT_MS,
 * the sandbox applies after LATE_MS (the issue: 10 s and 25 s).
 */
const TIMEOUT_MS = 600;
const LATE_MS = 2_000;

const t = useTestDb();
const s = useSandbox({ timeoutMs: TIMEOUT_MS });

async function agent() {
  await setLimit(t.db, "finance", null);
  const st = await makeStaff(t.db, "finance");
  return { id: st.id, email: st.email, role: st.role };
}

function input(orderId: string, actor: RequestRefundInput["actor"], over: Partial<RequestRefundInput> = {}): RequestRefundInput {
  return { orderId, partnerRefundNo: mintRefundKey(), amount: 10_000_00n, reasonCode: "customer_request", actor, ...over };
}

// A test that failed half-way must not leave its faults to the next one.
beforeEach(async () => {
  await control(s.sb, "/faults", undefined, "DELETE");
});

const deps = () => ({ client: s.client, database: t.db });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refundRow(db: DbOrTx, key: string) {
  const [row] = await db.select().from(refunds).where(eq(refunds.partnerRefundNo, key));
  return row!;
}
async function opOf(db: DbOrTx, key: string) {
  const [op] = await db.select().from(operations).where(and(eq(operations.kind, "refund"), eq(operations.idempotencyKey, key)));
  return op!;
}
async function orderRow(id: string) {
  const [o] = await t.db.select().from(orders).where(eq(orders.id, id));
  return o!;
}
async function auditFor(key: string) {
  return t.db.select().from(auditLog).where(eq(auditLog.idempotencyKey, key));
}

describe.each([
  { api: "SNAP", op: "snap.refund" as const },
  { api: "Core", op: "core.refund" as const },
])("a refund GoPay applies late ($api)", ({ api, op }) => {
  const makeOrder = (amount: bigint) =>
    api === "SNAP" ? sandboxOrder(t.db, s.client, s.sb, { amount }) : sandboxCoreOrder(t.db, s.client, s.sb, { amount });

  it("stays unknown (not failed) while GoPay has no answer, blocks a second full refund, then is booked succeeded", async () => {
    const actor = await agent();
    const order = await makeOrder(100_000_00n);
    // The first call AND the resolver's retry with the same key are both slow: nobody knows yet.
    await control(s.sb, "/faults", { op, mode: "latency", latencyMs: LATE_MS, count: 2 });
    const first = input(order.id, actor, { amount: 100_000_00n });
    const r = await requestRefund(first, deps());
    expect(r).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });

    // The resolve job runs before GoPay has applied it: absent from history is not a failure.
    const res = await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client);
    expect(res.status).toBe("unknown");
    expect((await refundRow(t.db, first.partnerRefundNo)).status).toBe("unknown");
    expect((await opOf(t.db, first.partnerRefundNo)).status).toBe("unknown");

    // The unknown refund still holds the money: a second refund of the same amount is refused.
    const second = await requestRefund(input(order.id, actor, { amount: 100_000_00n, confirmRepeat: true }), deps());
    expect(second).toEqual({ kind: "rejected", field: "amount", message: "Everything paid is already refunded or being refunded." });

    // GoPay applies it late; the next pass books it.
    await sleep(LATE_MS + 300);
    expect(await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client)).toMatchObject({ status: "succeeded" });
    expect((await refundRow(t.db, first.partnerRefundNo)).status).toBe("succeeded");
    expect(await orderRow(order.id)).toMatchObject({ refundedAmount: 100_000_00n, status: "refunded" });
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 1, total: 100_000_00n });

    const rows = await auditFor(first.partnerRefundNo);
    expect(rows.map((a) => [a.action, a.actorEmail, a.result])).toContainEqual(["refund.succeeded", "job:operations-resolve", "ok"]);
  });

  it("the resolver retries the SAME key while the first call is still in flight: one refund at GoPay, booked succeeded", async () => {
    const actor = await agent();
    const order = await makeOrder(100_000_00n);
    await control(s.sb, "/faults", { op, mode: "latency", latencyMs: LATE_MS, count: 1 });
    const first = input(order.id, actor, { amount: 40_000_00n });
    expect(await requestRefund(first, deps())).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });

    const res = await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client);
    expect(res.status).toBe("succeeded");
    expect((await refundRow(t.db, first.partnerRefundNo)).status).toBe("succeeded");

    await sleep(LATE_MS + 300); // the first request lands at GoPay now: replayed, not applied again
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 1, total: 40_000_00n });
    expect(await orderRow(order.id)).toMatchObject({ refundedAmount: 40_000_00n, status: "partially_refunded" });
  });

  it("a refund GoPay never answers for goes to a person after the deadline — never to failed — and is booked when GoPay lists it", async () => {
    const actor = await agent();
    const order = await makeOrder(100_000_00n);
    await control(s.sb, "/faults", { op, mode: "latency", latencyMs: LATE_MS, count: 2 });
    const first = input(order.id, actor, { amount: 60_000_00n });
    expect(await requestRefund(first, deps())).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });

    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const res = await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client, { now: later, attentionAfterMs: 24 * 3600 * 1000 });
    expect(res.status).toBe("unknown");
    const row = await refundRow(t.db, first.partnerRefundNo);
    expect(row.status).toBe("needs_attention");
    const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.map((e) => e.kind)).toContain("refund.needs_attention");
    expect((await auditFor(first.partnerRefundNo)).map((a) => [a.action, a.actorEmail])).toContainEqual([
      "refund.needs_attention",
      "job:operations-resolve",
    ]);
    // Shown on the order page's refund watch, as needing a person.
    const watch = await refundWatch(t.db, order.id);
    expect(watch.waiting).toEqual([expect.objectContaining({ partnerRefundNo: first.partnerRefundNo, status: "needs_attention" })]);
    // Still holds the money.
    const more = await requestRefund(input(order.id, actor, { amount: 50_000_00n }), deps());
    expect(more).toMatchObject({ kind: "rejected", field: "amount", message: "At most Rp 40.000 can be refunded now." });

    await sleep(LATE_MS + 300);
    expect(await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client)).toMatchObject({ status: "succeeded" });
    expect((await refundRow(t.db, first.partnerRefundNo)).status).toBe("succeeded");
    expect(await orderRow(order.id)).toMatchObject({ refundedAmount: 60_000_00n });
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 1, total: 60_000_00n });
  });
});

describe("the resolver's retry with the same key", () => {
  it("when GoPay's status query keeps failing, the deadline still sends the refund to a person (not failed)", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    await control(s.sb, "/faults", { op: "snap.refund", mode: "drop-after", count: 1 });
    const first = input(order.id, actor, { amount: 15_000_00n });
    expect(await requestRefund(first, deps())).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });
    await control(s.sb, "/faults", { op: "snap.status", mode: "http503", count: 1 });
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    expect(await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client, { now: later, attentionAfterMs: 24 * 3600 * 1000 })).toMatchObject({
      status: "unknown",
    });
    expect((await refundRow(t.db, first.partnerRefundNo)).status).toBe("needs_attention");
    // GoPay answers again: the refund it made is booked.
    expect(await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client)).toMatchObject({ status: "succeeded" });
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 1, total: 15_000_00n });
    expect(await orderRow(order.id)).toMatchObject({ refundedAmount: 15_000_00n });
  });

  it("a call dropped before GoPay applied it is made once by the retry (SNAP)", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    // drop-before: the request reached GoPay and was dropped before it was applied.
    await control(s.sb, "/faults", { op: "snap.refund", mode: "drop-before", count: 1 });
    const first = input(order.id, actor, { amount: 25_000_00n });
    const r = await requestRefund(first, deps());
    expect(r).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 0, total: 0n });
    expect(await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client)).toMatchObject({ status: "succeeded" });
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 1, total: 25_000_00n });
    expect(await orderRow(order.id)).toMatchObject({ refundedAmount: 25_000_00n });
  });

  it("a definite refusal of the same key settles it failed (Core: the payment was fully refunded outside Loket meanwhile)", async () => {
    const actor = await agent();
    const order = await sandboxCoreOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    await control(s.sb, "/faults", { op: "core.refund", mode: "drop-before", count: 1 });
    const first = input(order.id, actor, { amount: 30_000_00n });
    const r = await requestRefund(first, deps());
    expect(r).toMatchObject({ kind: "sent", outcome: { status: "unknown" } });
    // Someone refunds everything in GoPay's dashboard.
    await s.client.core.refund({ idempotencyKey: "dash-" + first.partnerRefundNo.slice(2, 30), orderId: order.orderId, refundKey: "dash-" + first.partnerRefundNo.slice(2, 30), amount: 100_000_00n });
    const res = await resolveRefundOperation(await opOf(t.db, first.partnerRefundNo), s.client);
    expect(res.status).toBe("failed");
    const row = await refundRow(t.db, first.partnerRefundNo);
    expect(row.status).toBe("failed");
    // The dashboard refund is in the ledger: Loket's refunded amount is GoPay's.
    expect(await orderRow(order.id)).toMatchObject({ refundedAmount: 100_000_00n, status: "refunded" });
    expect(await gopayRefunded(s.client, order)).toEqual({ count: 1, total: 100_000_00n });
  });
});
