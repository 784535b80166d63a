import { randomUUID } from "node:crypto";
import { and, asc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, holds, notifications, orderEvents, orders, refunds } from "../../db/schema";
import { applyHoldPaymentState } from "../../app/services/holds/apply.server";
import { sweepExpiredHolds } from "../../app/services/holds/sweep.server";
import "../../app/services/operations/resolvers.server";
import { resolveUnsettledOperations } from "../../app/services/operations/resolve.server";
import { releaseHold } from "../../app/services/holds/actions.server";
import { useTestDb } from "../support/db";
import { heldOrder, linkedAccount, SERVER_KEY, startTestGopay, type TestGopay } from "./holds-helpers";
import { coreBody, postCore } from "./notifications-support";

/**
 * Core payment notifications are hints (issue "Money you can trust", hole 1): signature_key covers
 * order_id + status_code + gross_amount only, so a genuine notification replayed with another
 * transaction_status, refund_amount or refunds still verifies. Loket confirms every change a Core
 * notification implies with GoPay's status (the real sandbox over HTTP) and applies that answer;
 * every change of money state leaves an audit row naming who caused it (hole 2).
 */
const t = useTestDb();
let g: TestGopay;
let account: Awaited<ReturnType<typeof linkedAccount>>;

beforeAll(async () => {
  g = await startTestGopay();
  account = await linkedAccount(g);
});
afterAll(async () => {
  await g?.close();
});

const gross = (minor: bigint) => `${minor / 100n}.${(minor % 100n).toString().padStart(2, "0")}`;

/**
 * What an attacker holding one genuine notification can send: the signed fields (order_id,
 * status_code, gross_amount) and so signature_key unchanged, any other field replaced.
 */
function tampered(orderId: string, amount: bigint, over: Record<string, unknown>): string {
  const genuine = JSON.parse(coreBody({ orderId, status: "authorize", statusCode: "200", gross: gross(amount), serverKey: SERVER_KEY })) as Record<string, unknown>;
  return JSON.stringify({ ...genuine, ...over });
}

async function snapshot(orderRowId: string, holdId: string) {
  const [o] = await t.db.select().from(orders).where(eq(orders.id, orderRowId));
  const [h] = await t.db.select().from(holds).where(eq(holds.id, holdId));
  const r = await t.db.select().from(refunds).where(eq(refunds.orderId, orderRowId));
  const ev = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderRowId));
  return { order: o, hold: h, refunds: r, events: ev.length };
}

const statusCalls = async (orderId: string) => (await g.requests("core.status")).filter((r) => r.path.includes(orderId)).length;

const STATUS_TAMPERS = ["capture", "settlement", "cancel", "expire", "refund", "partial_refund", "deny", "failure", "pending", "authorize"];
const REFUND_TAMPERS: Record<string, Record<string, unknown>> = {
  refund_amount: { transaction_status: "partial_refund", refund_amount: "400.00" },
  refunds: {
    transaction_status: "partial_refund",
    refunds: [{ refund_chargeback_id: 91, refund_amount: "400.00", refund_key: `evil-${randomUUID()}`, reason: "x", created_at: "2025-01-02 10:00:00" }],
  },
  "refund_amount + refunds, status kept": {
    refund_amount: "1000.00",
    refunds: [{ refund_chargeback_id: 92, refund_amount: "1000.00", refund_key: `evil-${randomUUID()}`, created_at: "2025-01-02 10:00:00" }],
  },
};

describe("a tampered Core notification changes nothing", () => {
  it("an authorised hold: each tampered transaction_status / refund field is confirmed with GoPay's status and changes nothing", async () => {
    const { order, hold } = await heldOrder(t.db, g, account);
    const before = await snapshot(order.id, hold.id);
    for (const status of STATUS_TAMPERS) {
      const res = await postCore(tampered(order.orderId, order.amount, { transaction_status: status }));
      expect(res.status, status).toBe(200);
      expect(await snapshot(order.id, hold.id), `transaction_status=${status}`).toEqual(before);
    }
    for (const [name, over] of Object.entries(REFUND_TAMPERS)) {
      const res = await postCore(tampered(order.orderId, order.amount, over));
      expect(res.status, name).toBe(200);
      expect(await snapshot(order.id, hold.id), name).toEqual(before);
    }
    // The claims that implied a change were checked with GoPay, which still holds the money.
    expect(await statusCalls(order.orderId)).toBeGreaterThanOrEqual(1);
    expect((await g.client.core.status(order.orderId)).transactionStatus).toBe("authorize");
    // … and the merchant can still capture it.
    expect((await g.client.core.capture({ idempotencyKey: randomUUID(), transactionId: order.gopayReference!, amount: order.amount })).transactionStatus).toMatch(
      /capture|settlement/,
    );
  });

  it("a captured (paid) hold: tampered cancel / expire / refunds book no release and no refund", async () => {
    const { order, hold } = await heldOrder(t.db, g, account, { amount: 1_000_00n });
    await g.client.core.capture({ idempotencyKey: randomUUID(), transactionId: order.gopayReference!, amount: order.amount });
    await applyHoldPaymentState(t.db, order, "capture", null);
    await t.db.update(orders).set({ status: "paid", statusRank: 30, paidAmount: order.amount, paidAt: new Date() }).where(eq(orders.id, order.id));
    const before = await snapshot(order.id, hold.id);
    expect(before.hold!.status).toBe("captured");
    for (const status of STATUS_TAMPERS) {
      await postCore(tampered(order.orderId, order.amount, { transaction_status: status }));
      expect(await snapshot(order.id, hold.id), `transaction_status=${status}`).toEqual(before);
    }
    for (const [name, over] of Object.entries(REFUND_TAMPERS)) {
      await postCore(tampered(order.orderId, order.amount, over));
      expect(await snapshot(order.id, hold.id), name).toEqual(before);
    }
  });

  it("a bad signature (each signed field tampered) → 401, no status query, nothing changes", async () => {
    const { order, hold } = await heldOrder(t.db, g, account);
    const before = await snapshot(order.id, hold.id);
    const calls = await statusCalls(order.orderId);
    const genuine = JSON.parse(tampered(order.orderId, order.amount, { transaction_status: "capture" })) as Record<string, unknown>;
    for (const over of [{ order_id: `${order.orderId}X` }, { status_code: "201" }, { gross_amount: "1.00" }, { signature_key: "0".repeat(128) }]) {
      const res = await postCore(JSON.stringify({ ...genuine, ...over }));
      expect(res.status, JSON.stringify(over)).toBe(401);
      expect(await snapshot(order.id, hold.id)).toEqual(before);
    }
    expect(await statusCalls(order.orderId)).toBe(calls);
  });
});

describe("a genuine Core notification is applied as GoPay's status says, and audited", () => {
  it("capture: confirmed by the status query, hold captured, order paid, audited as gopay; a repeat makes no second query", async () => {
    const { order, hold } = await heldOrder(t.db, g, account);
    await g.client.core.capture({ idempotencyKey: randomUUID(), transactionId: order.gopayReference!, amount: order.amount });
    const since = (await t.db.select({ id: auditLog.id }).from(auditLog).orderBy(asc(auditLog.id))).at(-1)?.id ?? 0n;
    const calls = await statusCalls(order.orderId);
    const body = tampered(order.orderId, order.amount, { transaction_status: "capture" });
    expect((await postCore(body)).status).toBe(200);
    expect(await statusCalls(order.orderId)).toBe(calls + 1);
    const [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("captured");
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.status).toBe("paid");
    const audits = await t.db.select().from(auditLog).where(gt(auditLog.id, since)).orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.action, a.actorEmail, a.result])).toEqual(
      expect.arrayContaining([
        ["hold.captured", "gopay", "ok"],
        ["order.status_changed", "gopay", "ok"],
      ]),
    );
    expect(audits.find((a) => a.action === "order.status_changed")!.targetId).toBe(order.orderId);
    // GoPay's retry of the same notification implies no change: no status query, nothing written.
    const events = (await snapshot(order.id, hold.id)).events;
    await postCore(body);
    expect(await statusCalls(order.orderId)).toBe(calls + 1);
    const stored = await t.db.select().from(notifications).where(eq(notifications.reference, order.orderId)).orderBy(asc(notifications.id));
    expect(stored.at(-1)!.appliedAt).not.toBeNull();
    expect(["duplicate", "no_change"]).toContain((stored.at(-1)!.result as { action: string }).action);
    expect((await snapshot(order.id, hold.id)).events).toBe(events);
  });

  it("a tampered 'capture' answered by GoPay as 'authorize' poisons nothing: GoPay's real capture notification still applies", async () => {
    const { order, hold } = await heldOrder(t.db, g, account);
    await postCore(tampered(order.orderId, order.amount, { transaction_status: "capture" }));
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("authorised");
    await g.client.core.capture({ idempotencyKey: randomUUID(), transactionId: order.gopayReference!, amount: order.amount });
    await postCore(tampered(order.orderId, order.amount, { transaction_status: "capture" }));
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("captured");
  });
});

/** The Core notifications the sandbox made for this order (its outbox: the exact bytes GoPay would send). */
async function sandboxNotifications(orderId: string): Promise<string[]> {
  const outbox = (await g.control("/notifications")) as { channel: string; body: string }[];
  return outbox.filter((e) => e.channel === "core" && (JSON.parse(e.body) as { order_id?: string }).order_id === orderId).map((e) => e.body);
}

describe("GoPay's own notifications (sandbox-signed), replayed with one unsigned field changed", () => {
  it("the genuine authorize replayed as capture / cancel / refund changes nothing; the genuine capture applies", async () => {
    const { order, hold } = await heldOrder(t.db, g, account);
    const [authorize] = await sandboxNotifications(order.orderId);
    expect(JSON.parse(authorize!)).toMatchObject({ transaction_status: "authorize", status_code: "200" });
    const before = await snapshot(order.id, hold.id);
    for (const over of [
      { transaction_status: "capture" },
      { transaction_status: "cancel" },
      { transaction_status: "refund", refund_amount: gross(order.amount) },
      { transaction_status: "partial_refund", refunds: [{ refund_chargeback_id: 7, refund_amount: "100.00", refund_key: "rk-evil", created_at: "2025-01-02 10:00:00" }] },
    ]) {
      expect((await postCore(JSON.stringify({ ...(JSON.parse(authorize!) as object), ...over }))).status).toBe(200);
      expect(await snapshot(order.id, hold.id), JSON.stringify(over)).toEqual(before);
    }
    await g.client.core.capture({ idempotencyKey: randomUUID(), transactionId: order.gopayReference!, amount: order.amount });
    const captured = (await sandboxNotifications(order.orderId)).find((b) => (JSON.parse(b) as { transaction_status: string }).transaction_status !== "authorize");
    expect((await postCore(captured!)).status).toBe(200);
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("captured");
  });
});

describe("holds changed by a job are audited as the job", () => {
  it("the expiry sweep: hold.expired by job:holds-expiry", async () => {
    const { hold } = await heldOrder(t.db, g, account, { expiryMinutes: 1 });
    await t.db.update(holds).set({ expiresAt: new Date(Date.now() - 120_000) }).where(eq(holds.id, hold.id));
    await g.control("/clock", { advanceSeconds: 120 });
    await g.control("/tick", {});
    try {
      await sweepExpiredHolds();
    } finally {
      await g.control("/clock", { offsetMs: 0 });
    }
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("expired");
    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, hold.id), eq(auditLog.action, "hold.expired")));
    expect(rows.map((r) => [r.actorEmail, r.result, r.amount])).toEqual([["job:holds-expiry", "ok", hold.amount]]);
  });

  it("an unknown release settled by the resolver: the hold change and the operation's final outcome, as job:operations-resolve", async () => {
    const { hold } = await heldOrder(t.db, g, account);
    await g.control("/faults", { op: "core.cancel", mode: "drop-after", count: 1 });
    const key = randomUUID();
    const res = await releaseHold({ holdId: hold.id, idempotencyKey: key, reason: "Duplicate booking", actor: { id: null, label: "finance@loket.test" } });
    expect(res.status).toBe("unknown");
    await resolveUnsettledOperations({ staleMs: 0, limit: 500 });
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.targetId, hold.id)).orderBy(asc(auditLog.id));
    const byJob = rows.filter((r) => r.actorEmail === "job:operations-resolve").map((r) => [r.action, r.result, r.idempotencyKey ?? null]);
    expect(byJob).toEqual([
      ["hold.released", "ok", null],
      ["hold.release.resolved", "ok", key],
    ]);
  });
});
