import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyHoldPaymentState } from "../../app/services/holds/apply.server";
import { captureHold, releaseHold } from "../../app/services/holds/actions.server";
import { sweepExpiredHolds } from "../../app/services/holds/sweep.server";
import { resyncOrder } from "../../app/services/orders/actions/resync.server";
import { isHoldOfOrder } from "../../app/services/orders/order.server";
import "../../app/services/operations/resolvers.server";
import { resolveUnsettledOperations } from "../../app/services/operations/resolve.server";
import { auditLog, holds, operations, orderEvents, orders } from "../../db/schema";
import { useTestDb } from "../support/db";
import { heldOrder, linkedAccount, startTestGopay, type TestGopay } from "./holds-helpers";

/** Capture / release / expiry against a real database and the real sandbox over HTTP. */
const t = useTestDb();
let g: TestGopay;
let account: Awaited<ReturnType<typeof linkedAccount>>;
const actor = { id: null, label: "finance@loket.test" };

beforeAll(async () => {
  g = await startTestGopay();
  account = await linkedAccount(g);
});
afterAll(async () => {
  await g?.close();
});

describe("capture", () => {
  it("captures an authorised hold once, in full, and records it", async () => {
    const { hold, order } = await heldOrder(t.db, g, account, { amount: 25_000_00n });
    const key = randomUUID();
    const res = await captureHold({ holdId: hold.id, idempotencyKey: key, actor });
    expect(res.status).toBe("succeeded");
    const [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("captured");
    expect(h!.capturedAt).not.toBeNull();
    const st = await g.client.core.status(order.orderId);
    expect(["capture", "settlement"]).toContain(st.transactionStatus);
    // The same intent again does not call GoPay again.
    const before = (await g.requests("core.capture")).length;
    const again = await captureHold({ holdId: hold.id, idempotencyKey: key, actor });
    expect(again.status).toBe("succeeded");
    expect((await g.requests("core.capture")).length).toBe(before);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, hold.id));
    expect(audits.map((a) => a.result).sort()).toEqual(["ok", "pending"]);
  });

  it("refuses to capture an expired hold without calling GoPay", async () => {
    const { hold } = await heldOrder(t.db, g, account);
    await t.db.update(holds).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(holds.id, hold.id));
    const before = (await g.requests("core.capture")).length;
    const res = await captureHold({ holdId: hold.id, idempotencyKey: randomUUID(), actor });
    expect(res.status).toBe("refused");
    expect(res.message).toMatch(/expired at .* WIB/);
    expect((await g.requests("core.capture")).length).toBe(before);
    const ops = await t.db.select().from(operations).where(eq(operations.targetId, hold.id));
    expect(ops).toHaveLength(0);
    const [denied] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, hold.id));
    expect(denied!.result).toBe("denied");
  });

  it("two concurrent captures with different intents make one capture call", async () => {
    const { hold } = await heldOrder(t.db, g, account);
    const before = (await g.requests("core.capture")).length;
    const results = await Promise.all([
      captureHold({ holdId: hold.id, idempotencyKey: randomUUID(), actor }),
      captureHold({ holdId: hold.id, idempotencyKey: randomUUID(), actor: { id: null, label: "other@loket.test" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["refused", "succeeded"]);
    expect((await g.requests("core.capture")).length).toBe(before + 1);
    const ops = await t.db.select().from(operations).where(eq(operations.targetId, hold.id));
    expect(ops).toHaveLength(1);
  });

  it("release then capture: the capture is refused without calling GoPay", async () => {
    const { hold, order } = await heldOrder(t.db, g, account);
    const rel = await releaseHold({ holdId: hold.id, idempotencyKey: randomUUID(), reason: "Customer cancelled the booking", actor });
    expect(rel.status).toBe("succeeded");
    const [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("released");
    expect(h!.releaseReason).toBe("Customer cancelled the booking");
    expect((await g.client.core.status(order.orderId)).transactionStatus).toBe("cancel");
    const before = (await g.requests("core.capture")).length;
    const cap = await captureHold({ holdId: hold.id, idempotencyKey: randomUUID(), actor });
    expect(cap.status).toBe("refused");
    expect(cap.message).toMatch(/already released/);
    expect((await g.requests("core.capture")).length).toBe(before);
  });

  it("a release needs a reason", async () => {
    const { hold } = await heldOrder(t.db, g, account);
    const res = await releaseHold({ holdId: hold.id, idempotencyKey: randomUUID(), reason: " ", actor });
    expect(res.status).toBe("refused");
    expect(await t.db.select().from(operations).where(eq(operations.targetId, hold.id))).toHaveLength(0);
  });
});

describe("release reason", () => {
  it("a release that did not happen leaves no reason on the still-authorised hold; the one that did records its own", async () => {
    const { hold } = await heldOrder(t.db, g, account);
    // Connection dropped → outcome unknown; the status query then says GoPay still holds it → failed.
    await g.control("/faults", { op: "core.cancel", mode: "drop-before", count: 1 });
    const first = await releaseHold({ holdId: hold.id, idempotencyKey: randomUUID(), reason: "Wrong order picked", actor });
    expect(first.status).toBe("unknown");
    let [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("authorised");
    expect(h!.releaseReason).toBeNull();
    await resolveUnsettledOperations({ staleMs: 0, limit: 500 });
    const [op] = await t.db.select().from(operations).where(eq(operations.targetId, hold.id));
    expect(op!.status).toBe("failed");
    [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("authorised");
    expect(h!.releaseReason).toBeNull();

    const second = await releaseHold({ holdId: hold.id, idempotencyKey: randomUUID(), reason: "Customer cancelled the stay", actor });
    expect(second.status).toBe("succeeded");
    [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("released");
    expect(h!.releaseReason).toBe("Customer cancelled the stay");
  });

  it("an unknown release that GoPay did apply gets the staff's reason when the status query settles it", async () => {
    const { hold } = await heldOrder(t.db, g, account);
    await g.control("/faults", { op: "core.cancel", mode: "drop-after", count: 1 });
    const res = await releaseHold({ holdId: hold.id, idempotencyKey: randomUUID(), reason: "Duplicate booking", actor });
    expect(res.status).toBe("unknown");
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.releaseReason).toBeNull();
    await resolveUnsettledOperations({ staleMs: 0, limit: 500 });
    const [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("released");
    expect(h!.releaseReason).toBe("Duplicate booking");
  });
});

describe("expiry", () => {
  it("the sweep marks a lapsed hold expired only after GoPay's status says so", async () => {
    const { hold, order } = await heldOrder(t.db, g, account, { expiryMinutes: 1 });
    // Our clock says lapsed, GoPay still holds it: the sweep must not mark it.
    await t.db.update(holds).set({ expiresAt: new Date(Date.now() - 120_000) }).where(eq(holds.id, hold.id));
    const first = await sweepExpiredHolds();
    expect(first.stillAuthorised).toBeGreaterThanOrEqual(1);
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("authorised");
    const statusCalls = (await g.requests("core.status")).filter((r) => r.path.includes(order.orderId)).length;
    expect(statusCalls).toBeGreaterThanOrEqual(1);
    // GoPay lets it lapse (no notification reaches us: no webhook in this test).
    await g.control("/clock", { advanceSeconds: 120 });
    await g.control("/tick", {});
    const second = await sweepExpiredHolds();
    expect(second.expired).toBeGreaterThanOrEqual(1);
    const [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("expired");
    expect(h!.expiredAt).not.toBeNull();
    await g.control("/clock", { offsetMs: 0 });
  });

  it("applying statuses is monotonic and idempotent", async () => {
    const { hold, order } = await heldOrder(t.db, g, account);
    const cap = await applyHoldPaymentState(t.db, order, "capture", null);
    expect(cap.changed).toBe(true);
    expect((await applyHoldPaymentState(t.db, order, "capture", null)).changed).toBe(false);
    expect((await applyHoldPaymentState(t.db, order, "authorize", null)).changed).toBe(false);
    expect((await applyHoldPaymentState(t.db, order, "cancel", null)).changed).toBe(false);
    const [h] = await t.db.select().from(holds).where(eq(holds.id, hold.id));
    expect(h!.status).toBe("captured");
  });
});

/** The order follows its hold: what changed the hold also moves the order, audited as whoever learned it. */
describe("the order's status follows its hold (no notification reaches us in these tests)", () => {
  const orderAudits = async (orderId: string) =>
    (await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, orderId), eq(auditLog.action, "order.status_changed")))).map((a) => [a.actorEmail, a.result, (a.detail as { from?: string; to?: string }).from, (a.detail as { to?: string }).to]);
  const orderOf = async (id: string) => (await t.db.select().from(orders).where(eq(orders.id, id)))[0]!;

  it("the expiry sweep: hold expired → order expired (closed), audited as job:holds-expiry", async () => {
    const { hold, order } = await heldOrder(t.db, g, account, { expiryMinutes: 1 });
    await t.db.update(holds).set({ expiresAt: new Date(Date.now() - 120_000) }).where(eq(holds.id, hold.id));
    await g.control("/clock", { advanceSeconds: 120 });
    await g.control("/tick", {});
    try {
      await sweepExpiredHolds();
    } finally {
      await g.control("/clock", { offsetMs: 0 });
    }
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("expired");
    const o = await orderOf(order.id);
    expect(o.status).toBe("expired");
    expect(o.closedAt).not.toBeNull();
    expect(await orderAudits(order.orderId)).toEqual([["job:holds-expiry", "ok", "authorised", "expired"]]);
    const events = await t.db.select().from(orderEvents).where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, "status.changed")));
    expect(events.map((e) => e.actorLabel)).toEqual(["job:holds-expiry"]);
    // A second sweep (or GoPay's late notification) changes nothing more.
    await sweepExpiredHolds();
    expect(await orderAudits(order.orderId)).toHaveLength(1);
  });

  it("an unknown release settled by the resolver: order cancelled, audited as job:operations-resolve", async () => {
    const { hold, order } = await heldOrder(t.db, g, account);
    await g.control("/faults", { op: "core.cancel", mode: "drop-after", count: 1 });
    const res = await releaseHold({ holdId: hold.id, idempotencyKey: randomUUID(), reason: "Duplicate booking", actor });
    expect(res.status).toBe("unknown");
    expect((await orderOf(order.id)).status).toBe("authorised");
    await resolveUnsettledOperations({ staleMs: 0, limit: 500 });
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("released");
    expect((await orderOf(order.id)).status).toBe("cancelled");
    expect(await orderAudits(order.orderId)).toEqual([["job:operations-resolve", "ok", "authorised", "cancelled"]]);
  });

  it("a staff release and a staff capture move the order too (cancelled / paid), audited as the staff member", async () => {
    const rel = await heldOrder(t.db, g, account);
    expect((await releaseHold({ holdId: rel.hold.id, idempotencyKey: randomUUID(), reason: "Customer cancelled", actor })).status).toBe("succeeded");
    expect((await orderOf(rel.order.id)).status).toBe("cancelled");
    expect(await orderAudits(rel.order.orderId)).toEqual([[actor.label, "ok", "authorised", "cancelled"]]);

    const cap = await heldOrder(t.db, g, account, { amount: 42_000_00n });
    expect((await captureHold({ holdId: cap.hold.id, idempotencyKey: randomUUID(), actor })).status).toBe("succeeded");
    const o = await orderOf(cap.order.id);
    expect([o.status, o.paidAmount, o.paidAt !== null]).toEqual(["paid", 42_000_00n, true]);
    expect(await orderAudits(cap.order.orderId)).toEqual([[actor.label, "ok", "authorised", "paid"]]);
  });
});

describe("resync of a pre-auth order", () => {
  it("a hold change learned by a staff member's resync is audited as that staff member, not loket", async () => {
    const { hold, order } = await heldOrder(t.db, g, account);
    // GoPay captured it and no notification reached Loket.
    await g.client.core.capture({ idempotencyKey: randomUUID(), transactionId: order.gopayReference!, amount: order.amount });
    const staff = { id: null, email: "support@loket.test" };
    await resyncOrder({ orderId: order.id, actor: staff });
    expect((await t.db.select().from(holds).where(eq(holds.id, hold.id)))[0]!.status).toBe("captured");
    const rows = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, hold.id), eq(auditLog.action, "hold.captured")));
    expect(rows.map((r) => [r.actorEmail, r.result])).toEqual([["support@loket.test", "ok"]]);
  });
});

describe("bulk release with a flaky GoPay", () => {
  it("200 holds, 10% of release calls fail: each ends released or clearly failed, none released twice", async () => {
    const made: Awaited<ReturnType<typeof heldOrder>>[] = [];
    for (let i = 0; i < 200; i++) made.push(await heldOrder(t.db, g, account, { amount: 1_000_00n }));
    await g.control("/faults", { op: "core.cancel", mode: "http500", probability: 0.1 });
    const results: { holdId: string; status: string }[] = [];
    const queue = [...made];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let m = queue.shift(); m; m = queue.shift()) {
          const r = await releaseHold({ holdId: m.hold.id, idempotencyKey: randomUUID(), reason: "Bulk release", actor });
          results.push({ holdId: m.hold.id, status: r.status });
        }
      }),
    );
    await g.control("/faults", undefined, "DELETE");
    expect(results).toHaveLength(200);
    const unknown = results.filter((r) => r.status === "unknown").length;
    expect(unknown).toBeGreaterThan(0); // the faults really hit
    expect(results.filter((r) => r.status === "succeeded").length).toBe(200 - unknown);
    // Unknown outcomes are settled by a status query, never re-sent.
    const cancelsBefore = (await g.requests("core.cancel")).length;
    await resolveUnsettledOperations({ staleMs: 0, limit: 500 });
    expect((await g.requests("core.cancel")).length).toBe(cancelsBefore);

    const ids = new Set(made.map((m) => m.hold.id));
    const rows = (await t.db.select().from(holds)).filter((h) => ids.has(h.id));
    const ops = (await t.db.select().from(operations).where(eq(operations.kind, "hold.release"))).filter((o) => ids.has(o.targetId!));
    for (const h of rows) {
      const op = ops.find((o) => o.targetId === h.id)!;
      if (h.status === "released") expect(op.status).toBe("succeeded");
      else {
        expect(h.status).toBe("authorised");
        expect(op.status).toBe("failed");
        expect(op.errorMessage).toMatch(/not applied/);
      }
    }
    // GoPay saw at most one successful cancel per order.
    const okCancels = (await g.requests("core.cancel")).filter((r) => r.status === 200);
    const perPath = new Map<string, number>();
    for (const r of okCancels) perPath.set(r.path, (perPath.get(r.path) ?? 0) + 1);
    expect(Math.max(...perPath.values())).toBe(1);
    expect(rows.filter((h) => h.status === "released").length).toBe(okCancels.filter((r) => made.some((m) => r.path.includes(m.order.orderId))).length);
  }, 120_000);
});

describe("from an order's page", () => {
  it("a hold is acted on only from its own order's page (isHoldOfOrder)", async () => {
    const a = await heldOrder(t.db, g, account, { amount: 11_000_00n });
    const b = await heldOrder(t.db, g, account, { amount: 12_000_00n });
    expect(await isHoldOfOrder(t.db, a.hold.id, a.order.id)).toBe(true);
    expect(await isHoldOfOrder(t.db, a.hold.id, b.order.id)).toBe(false);
    expect(await isHoldOfOrder(t.db, randomUUID(), a.order.id)).toBe(false);
  });
});
