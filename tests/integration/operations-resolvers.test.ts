import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations, orderEvents, orders, payAccounts } from "~db/schema";
import { startLinking, unbindAccount } from "~/services/accounts/manage.server";
import { syncPayAccountFromGopay } from "~/services/accounts/sync.server";
import { OPERATION_KINDS } from "~/services/operations/kinds";
import { resolverFor, resolveUnsettledOperations } from "~/services/operations/resolve.server";
import "~/services/operations/resolvers.server";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { mintCancelKey } from "~/services/refunds/keys.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startTestGopay, type TestGopay } from "./holds-helpers";
import { control, sandboxOrder, useSandbox } from "./refunds-support";

/**
 * Unknown outcomes of every kind are settled by asking GoPay about the same key. Before the
 * resolver table, an unknown cancel or pay-account operation stayed unknown forever.
 */
const t = useTestDb();
const s = useSandbox();
let g: TestGopay;
beforeAll(async () => {
  g = await startTestGopay();
});
afterAll(async () => {
  await g?.close();
});

const opOf = async (kind: string, key: string) =>
  (await t.db.select().from(operations).where(and(eq(operations.kind, kind), eq(operations.idempotencyKey, key))))[0]!;

it("every operation kind has a resolver", () => {
  expect(OPERATION_KINDS.filter((k) => !resolverFor(k))).toEqual([]);
});

describe("cancel", () => {
  it("an unknown cancel that GoPay applied is settled succeeded and the order is cancelled", async () => {
    const st = await makeStaff(t.db, "support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { paid: false });
    await control(s.sb, "/faults", { op: "snap.cancel", mode: "drop-after", count: 1 });
    const key = mintCancelKey();
    const r = await cancelOrder({ orderId: order.id, key, actor: st }, { client: s.client, database: t.db });
    expect(r.status).toBe("unknown");
    expect((await opOf("cancel", key)).status).toBe("unknown");

    await resolveUnsettledOperations({ staleMs: 0, limit: 500, client: s.client, database: t.db });
    expect((await opOf("cancel", key)).status).toBe("succeeded");
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.status).toBe("cancelled");
    const events = await t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.map((e) => e.kind)).toContain("cancel.succeeded");
  });

  it("a cancel that never reached GoPay while the payment is still pending stays unknown (not failed)", async () => {
    const st = await makeStaff(t.db, "support");
    const order = await sandboxOrder(t.db, s.client, s.sb, { paid: false });
    await control(s.sb, "/faults", { op: "snap.cancel", mode: "drop-before", count: 1 });
    const key = mintCancelKey();
    expect((await cancelOrder({ orderId: order.id, key, actor: st }, { client: s.client, database: t.db })).status).toBe("unknown");

    await resolveUnsettledOperations({ staleMs: 0, limit: 500, client: s.client, database: t.db });
    const op = await opOf("cancel", key);
    expect(op.status).toBe("unknown");
    expect(op.errorMessage).toMatch(/has not happened yet/);

    // Then the customer pays: definite — this cancel can never apply.
    await control(s.sb, `/snap/payments/${order.gopayReference}/pay`, { payOption: "GOPAY_WALLET" });
    await resolveUnsettledOperations({ staleMs: 0, limit: 500, client: s.client, database: t.db });
    expect((await opOf("cancel", key)).status).toBe("failed");
    const [o] = await t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.status).toBe("paid");
  });
});

describe("pay accounts", () => {
  const actor = { id: null, label: "support@loket.test" };
  const phone = () => `08${String(Math.floor(1e9 + Math.random() * 8e9))}`;

  it("an unknown unbind that GoPay applied is settled succeeded from GET pay account", async () => {
    const linked = await startLinking({ phone: phone(), idempotencyKey: randomUUID(), actor }, { database: t.db });
    if (!linked.ok) throw new Error(linked.message);
    await g.control(`/pay-accounts/${linked.value.accountId}/complete`, {});
    await syncPayAccountFromGopay(linked.value.accountId, { database: t.db });
    await g.control("/faults", { op: "core.payAccount.unbind", mode: "drop-after", count: 1 });
    const key = randomUUID();
    const r = await unbindAccount({ accountId: linked.value.accountId, reason: "customer asked", idempotencyKey: key, actor }, { database: t.db });
    expect(r.status).toBe("unknown");
    expect((await opOf("pay_account.unbind", key)).status).toBe("unknown");

    await resolveUnsettledOperations({ staleMs: 0, limit: 500, database: t.db });
    expect((await opOf("pay_account.unbind", key)).status).toBe("succeeded");
    const [acc] = await t.db.select().from(payAccounts).where(eq(payAccounts.accountId, linked.value.accountId));
    expect(acc!.status).toBe("DISABLED");
  });

  it("an unknown linking is settled by GoPay's replay under the same Idempotency-Key: one account, recorded", async () => {
    const before = (await g.requests("core.payAccount.create")).length;
    await g.control("/faults", { op: "core.payAccount.create", mode: "drop-after", count: 1 });
    const key = randomUUID();
    const r = await startLinking({ phone: phone(), idempotencyKey: key, actor }, { database: t.db });
    expect(r.ok).toBe(false);
    expect((await opOf("pay_account.create", key)).status).toBe("unknown");

    await resolveUnsettledOperations({ staleMs: 0, limit: 500, database: t.db });
    const op = await opOf("pay_account.create", key);
    expect(op.status).toBe("succeeded");
    const accountId = (op.response as { accountId?: string }).accountId!;
    const rows = await t.db.select().from(payAccounts).where(eq(payAccounts.accountId, accountId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe("PENDING");
    expect((await g.requests("core.payAccount.create")).length).toBe(before + 2); // the lost call and its replay
  });
});
