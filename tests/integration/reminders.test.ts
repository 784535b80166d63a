import { and, eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, orders, reminders, type TemplateParamDef } from "~db/schema";
import { resetEnvCache } from "~/env.server";
import { resetGopayClient } from "~/gopay/index.server";
import { createBoss } from "~/jobs/boss.server";
import { remindersRemoveQueue } from "~/jobs/reminders-remove.server";
import { setBoss } from "~/lib/queue.server";
import { createPaymentDueReminders, paymentDueCounts } from "~/services/reminders/bulk.server";
import { listTemplates, setTemplateArchived, updateTemplate } from "~/services/campaigns/templates.server";
import { getCustomerCase } from "~/services/customers/case.server";
import { customerTimeline } from "~/services/customers/timeline.server";
import { createReminder } from "~/services/reminders/create.server";
import { orderReminders } from "~/services/reminders/list.server";
import { deleteCampaignReminders, deleteReminder, removeRemindersOfOrder } from "~/services/reminders/delete.server";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { recordCampaignReminder } from "~/services/reminders/record.server";
import { resolveReminders } from "~/services/reminders/resolve.server";
import { paymentDueParams } from "~/services/reminders/templates";
import { useTestDb } from "../support/db";
import { withDatabase } from "../support/pg-url";
import { ensureTestEncryptionKey } from "./auth-helpers";
import { installKeys, postSnap, snapBody, snapRequest } from "./notifications-support";
import { control, useSandbox } from "./refunds-support";
import {
  loketCustomer,
  pendingOrder,
  registerReminderTemplates,
  sandboxCalls,
  sandboxReminders,
} from "./reminders-support";

/**
 * Reminders against the real sandbox over HTTP and a real database: created with a Request-Id
 * stored before the call, an unknown outcome settled only by that same Request-Id, removed at
 * GoPay when the order's paid notification is applied (through the real webhook route and the
 * real pg-boss job enqueued in the apply transaction), and "payment due" for a set.
 */
ensureTestEncryptionKey();
const t = useTestDb();
const g = useSandbox({ timeoutMs: 2_000 });
const actor = { email: "campaigns@loket.test" };
let keys: ReturnType<typeof installKeys>;
/** LOKET_PAYMENT_REMINDER's parameters as the registry holds them (registered in beforeAll). */
let PAYMENT: TemplateParamDef[];
let manager: { id: string; email: string };

beforeAll(async () => {
  keys = installKeys();
  const r = await registerReminderTemplates(t.db);
  PAYMENT = r.payment.params;
  manager = { id: r.manager.id, email: r.manager.email };
});

const rowOf = async (id: string) => (await t.db.select().from(reminders).where(eq(reminders.id, id)))[0]!;
const params = {
  description: "Pesanan Anda menunggu pembayaran. Selesaikan sekarang di GoPay.",
  cta: "Bayarkan",
};

describe("one reminder", () => {
  it("is created at GoPay with the stored Request-Id and becomes active with GoPay's reminder id", async () => {
    const { customer, sandboxId } = await loketCustomer(t.db, g.sb, 0);
    const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const out = await createReminder(
      {
        customerId: customer.id,
        orderId: order.id,
        templateName: "LOKET_PAYMENT_REMINDER",
        params: paymentDueParams(order, PAYMENT),
        actor,
      },
      { client: g.client },
    );
    expect(out.status).toBe("succeeded");
    const row = await rowOf(out.reminderId!);
    expect(row).toMatchObject({
      status: "active",
      orderId: order.id,
      customerId: customer.id,
      httpStatus: 200,
    });
    expect(row.reminderId).toMatch(/^RM-/);
    const atGopay = (await sandboxReminders(g.sb)).find((r) => r.reminderId === row.reminderId);
    expect(atGopay).toMatchObject({
      customerId: sandboxId,
      template: "LOKET_PAYMENT_REMINDER",
      deleted: false,
    });
    expect(
      (await sandboxCalls(g.sb, "miniapp.reminder.create")).filter((c) => c.requestId === row.requestId),
    ).toHaveLength(1);
    const [a] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.create"), eq(auditLog.targetId, row.id)));
    expect(a).toMatchObject({ result: "ok", idempotencyKey: row.requestId, actorEmail: actor.email });

    // A second reminder for the same order is refused; a template parameter out of its limits never reaches GoPay.
    expect(
      await createReminder(
        { customerId: customer.id, orderId: order.id, templateName: "LOKET_PAYMENT_REMINDER", params, actor },
        { client: g.client },
      ),
    ).toMatchObject({ status: "refused", field: "order" });
    expect(
      await createReminder(
        {
          customerId: customer.id,
          templateName: "LOKET_PAYMENT_REMINDER",
          params: { ...params, cta: "Pay" },
          actor,
        },
        { client: g.client },
      ),
    ).toMatchObject({ status: "refused", field: "param:cta" });
  });

  it("a customer without a mini-app token is refused before any call", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 1, { token: false });
    const before = (await sandboxCalls(g.sb, "miniapp.reminder.create")).length;
    expect(
      await createReminder(
        { customerId: customer.id, templateName: "LOKET_PAYMENT_REMINDER", params, actor },
        { client: g.client },
      ),
    ).toMatchObject({ status: "refused", field: "customer" });
    expect((await sandboxCalls(g.sb, "miniapp.reminder.create")).length).toBe(before);
  });

  for (const mode of ["drop-after", "http500"] as const) {
    it(`${mode}: unknown, then settled by sending the same Request-Id again — one reminder at GoPay`, async () => {
      const { customer, sandboxId } = await loketCustomer(t.db, g.sb, mode === "drop-after" ? 2 : 3);
      await control(g.sb, "/faults", { op: "miniapp.reminder.create", mode, count: 1 });
      const out = await createReminder(
        { customerId: customer.id, templateName: "LOKET_PAYMENT_REMINDER", params, actor },
        { client: g.client },
      );
      expect(out.status).toBe("unknown");
      const unknown = await rowOf(out.reminderId!);
      expect(unknown).toMatchObject({ status: "unknown", reminderId: null });

      // The sweep sends the same Request-Id again (never a new one) and takes GoPay's answer.
      await resolveReminders({ client: g.client, database: t.db });
      const settled = await rowOf(unknown.id);
      expect(settled.status).toBe("active");
      expect(settled.requestId).toBe(unknown.requestId);
      const calls = (await sandboxCalls(g.sb, "miniapp.reminder.create")).filter(
        (c) => c.requestId === unknown.requestId,
      );
      expect(calls).toHaveLength(2);
      const mine = (await sandboxReminders(g.sb)).filter((r) => r.customerId === sandboxId && !r.deleted);
      expect(mine.map((r) => r.reminderId)).toEqual([settled.reminderId]);
      const [a] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "reminder.create_resolved"), eq(auditLog.targetId, unknown.id)));
      expect(a?.result).toBe("ok");
    });
  }

  it("staff deletes one: removed at GoPay, reason staff, audited", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 4);
    const out = await createReminder(
      { customerId: customer.id, templateName: "LOKET_PAYMENT_REMINDER", params, actor },
      { client: g.client },
    );
    const del = await deleteReminder({ id: out.reminderId!, actor }, { client: g.client });
    expect(del.status).toBe("succeeded");
    const row = await rowOf(out.reminderId!);
    expect(row).toMatchObject({ status: "deleted", deletedReason: "staff" });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect((await sandboxReminders(g.sb)).find((r) => r.reminderId === row.reminderId)?.deleted).toBe(true);
    expect(await deleteReminder({ id: row.id, actor }, { client: g.client })).toMatchObject({
      status: "refused",
    });
  });
});

describe("the minute sweep", () => {
  it("removes the reminder of an order that became paid by another path (a resync), and settles a creation stuck in 'creating'", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 10);
    const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const out = await createReminder(
      {
        customerId: customer.id,
        orderId: order.id,
        templateName: "LOKET_PAYMENT_REMINDER",
        params: paymentDueParams(order, PAYMENT),
        actor,
      },
      { client: g.client },
    );
    const created = await rowOf(out.reminderId!);
    // why a direct write: the resync path changes the status without the notification hook.
    await t.db
      .update(orders)
      .set({ status: "paid", paidAmount: order.amount, paidAt: new Date() })
      .where(eq(orders.id, order.id));

    // A process that died between writing the row and hearing GoPay: "creating" for over a minute.
    const { customer: other, sandboxId } = await loketCustomer(t.db, g.sb, 11);
    const [stuck] = await t.db
      .insert(reminders)
      .values({
        customerId: other.id,
        templateName: "LOKET_PAYMENT_REMINDER",
        params,
        requestId: crypto.randomUUID(),
        status: "creating",
        updatedAt: new Date(Date.now() - 120_000),
      })
      .returning();

    // The customer's case view warns while the reminder is still live on the paid order.
    expect((await getCustomerCase(t.db, customer.id))!.warnings).toEqual([
      { kind: "reminderOnPaidOrder", params: { reminderId: created.reminderId }, orderId: order.orderId },
    ]);

    const s = await resolveReminders({ client: g.client, database: t.db });
    expect(s).toMatchObject({ settledOrders: 1, removed: 1, settled: 1, stillUnknown: 0 });
    expect(await rowOf(created.id)).toMatchObject({ status: "deleted", deletedReason: "order_paid" });
    expect((await sandboxReminders(g.sb)).find((r) => r.reminderId === created.reminderId)?.deleted).toBe(
      true,
    );
    expect((await getCustomerCase(t.db, customer.id))!.warnings).toEqual([]);
    const settled = await rowOf(stuck!.id);
    expect(settled.status).toBe("active");
    expect(
      (await sandboxReminders(g.sb))
        .filter((r) => r.customerId === sandboxId && !r.deleted)
        .map((r) => r.reminderId),
    ).toEqual([settled.reminderId]);
  });
});

describe("the minute sweep, orders closed unpaid", () => {
  it("removes the reminders of orders that expired or failed by another path, reason order_closed; a pending order's stays", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 13);
    const expired = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const { customer: second } = await loketCustomer(t.db, g.sb, 14);
    const failed = await pendingOrder(t.db, g.client, g.sb, second.id);
    const { customer: third } = await loketCustomer(t.db, g.sb, 15);
    const pending = await pendingOrder(t.db, g.client, g.sb, third.id);
    const make = async (c: { id: string }, o: typeof expired) =>
      rowOf(
        (await createReminder(
          { customerId: c.id, orderId: o.id, templateName: "LOKET_PAYMENT_REMINDER", params: paymentDueParams(o, PAYMENT), actor },
          { client: g.client },
        )).reminderId!,
      );
    const [onExpired, onFailed, onPending] = [await make(customer, expired), await make(second, failed), await make(third, pending)];
    // why a direct write: an expiry found by a status query changes the order without the hook.
    await t.db.update(orders).set({ status: "expired", closedAt: new Date() }).where(eq(orders.id, expired.id));
    await t.db.update(orders).set({ status: "failed", closedAt: new Date() }).where(eq(orders.id, failed.id));

    const s = await resolveReminders({ client: g.client, database: t.db });
    expect(s).toMatchObject({ settledOrders: 2, removed: 2 });
    expect(await rowOf(onExpired.id)).toMatchObject({ status: "deleted", deletedReason: "order_closed" });
    expect(await rowOf(onFailed.id)).toMatchObject({ status: "deleted", deletedReason: "order_closed" });
    expect(await rowOf(onPending.id)).toMatchObject({ status: "active", deletedReason: null });
    const gone = (await sandboxReminders(g.sb)).filter((r) => r.deleted).map((r) => r.reminderId);
    expect(gone).toEqual(expect.arrayContaining([onExpired.reminderId, onFailed.reminderId]));
    expect(gone).not.toContain(onPending.reminderId);
    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.delete"), eq(auditLog.targetId, "order_closed")));
    expect((entry!.detail as { ids: string[] }).ids.sort()).toEqual([onExpired.id, onFailed.id].sort());
  });
});

describe("campaign reminders", () => {
  it("recorded for camp-delivery's sends, then all deleted with their campaign", async () => {
    const campaignId = crypto.randomUUID();
    const ids: string[] = [];
    for (const n of [5, 6]) {
      const { customer } = await loketCustomer(t.db, g.sb, n);
      const sc = (await control(g.sb, "/customers")) as { authToken: string }[];
      const requestId = crypto.randomUUID();
      const made = await g.client.miniApp.createReminder({
        authToken: sc[n]!.authToken,
        requestId,
        templateName: "LOKET_PAYMENT_REMINDER",
        templateParameters: params,
      });
      const rec = await recordCampaignReminder(t.db, {
        campaignId,
        customerId: customer.id,
        requestId,
        templateName: "LOKET_PAYMENT_REMINDER",
        params,
        reminderId: made.reminderId,
      });
      // Idempotent by Request-Id.
      expect(
        (
          await recordCampaignReminder(t.db, {
            campaignId,
            customerId: customer.id,
            requestId,
            templateName: "LOKET_PAYMENT_REMINDER",
            params,
            reminderId: made.reminderId,
          })
        ).id,
      ).toBe(rec.id);
      ids.push(rec.id);
    }
    const r = await deleteCampaignReminders({ campaignId, actor }, { client: g.client });
    expect(r).toMatchObject({ marked: 2, deleted: 2, pending: 0 });
    for (const id of ids) {
      const row = await rowOf(id);
      expect(row).toMatchObject({ status: "deleted", deletedReason: "campaign" });
      expect((await sandboxReminders(g.sb)).find((x) => x.reminderId === row.reminderId)?.deleted).toBe(true);
    }
  });
});

describe("payment due for a set", () => {
  it("counts before, skips customers without a token (with the reason), sends to the rest once", async () => {
    const { customer: withToken } = await loketCustomer(t.db, g.sb, 7);
    const { customer: noMiniApp } = await loketCustomer(t.db, g.sb, 8, { token: false });
    const due = await pendingOrder(t.db, g.client, g.sb, withToken.id, 30);
    await pendingOrder(t.db, g.client, g.sb, noMiniApp.id, 30);
    await pendingOrder(t.db, g.client, g.sb, null, 30);
    await pendingOrder(t.db, g.client, g.sb, withToken.id, 1); // too recent
    // Other tests' orders are recent: only these three are older than a day.
    const counts = await paymentDueCounts(t.db, 24);
    expect(counts).toEqual({ total: 3, eligible: 1, noCustomer: 1, noMiniApp: 1, hasReminder: 0 });
    const r = await createPaymentDueReminders({ hours: 24, actor }, { client: g.client });
    expect(r).toMatchObject({ created: 1, active: 1, failed: 0, unknown: 0, noMiniApp: 1, noCustomer: 1 });
    const [row] = await t.db.select().from(reminders).where(eq(reminders.orderId, due.id));
    expect(row).toMatchObject({ status: "active", templateName: "LOKET_PAYMENT_REMINDER" });
    expect(row!.params.description.length).toBeGreaterThanOrEqual(50);
    // Again: that order already has one; nothing more is sent.
    expect(await paymentDueCounts(t.db, 24)).toMatchObject({ eligible: 0, hasReminder: 1 });
    expect(await createPaymentDueReminders({ hours: 24, actor }, { client: g.client })).toMatchObject({
      created: 0,
    });
    const [a] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "reminder.bulk_create"))
      .limit(1);
    expect(a?.detail).toMatchObject({ hours: 24, noMiniApp: 1, noCustomer: 1 });
  });
});

describe("the order's paid notification", () => {
  let boss: PgBoss;
  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    const r = (await t.db.execute(sql`select current_database() as name`)) as unknown as
      { name: string }[] | { rows: { name: string }[] };
    const name = (Array.isArray(r) ? r : r.rows)[0]!.name;
    boss = createBoss(t.handle, url ? withDatabase(url, name) : undefined);
    boss.on("error", (err) => console.error("[test jobs]", err.message));
    await boss.start();
    await boss.createQueue(remindersRemoveQueue.name, remindersRemoveQueue.options);
    setBoss(boss);
    // The job uses the app's own client (built from the environment): point it at this sandbox.
    process.env.GOPAY_MINIAPP_BASE_URL = g.sb.url;
    resetEnvCache();
    resetGopayClient();
  });
  afterAll(async () => {
    delete process.env.GOPAY_MINIAPP_BASE_URL;
    resetEnvCache();
    resetGopayClient();
    setBoss(undefined);
    await boss?.stop({ graceful: true, wait: true, timeout: 5_000 });
  });

  it("removes the order's reminder at GoPay through a job enqueued in the apply transaction; audited", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 9);
    const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const out = await createReminder(
      {
        customerId: customer.id,
        orderId: order.id,
        templateName: "LOKET_PAYMENT_REMINDER",
        params: paymentDueParams(order, PAYMENT),
        actor,
      },
      { client: g.client },
    );
    const created = await rowOf(out.reminderId!);
    expect(created.status).toBe("active");

    // The customer pays at GoPay; its signed notification arrives at the real webhook route.
    await control(g.sb, `/snap/payments/${order.gopayReference}/pay`, { payOption: "GOPAY_WALLET" });
    const res = await postSnap(
      snapRequest(
        snapBody({
          orderId: order.orderId,
          referenceNo: order.gopayReference!,
          status: "00",
          amount: "150000.00",
          payOption: "GOPAY_WALLET",
        }),
        keys.privateKey,
      ),
    );
    expect(res.status).toBe(200);

    // Committed with the order's change: marked, audited, and one job waiting.
    const marked = await rowOf(created.id);
    expect(marked).toMatchObject({ status: "deleting", deletedReason: "order_paid" });
    expect(marked.deleteRequestId).toBeTruthy();
    const [asked] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.delete"), eq(auditLog.targetId, order.orderId)));
    expect(asked).toMatchObject({ actorEmail: "gopay", result: "pending" });
    const jobs = await boss.fetch<{ ids: string[] }>(remindersRemoveQueue.name, { batchSize: 10 });
    expect(jobs?.map((j) => j.data.ids)).toEqual([[created.id]]);

    // The worker (as the app registers it) removes it at GoPay; running it twice changes nothing.
    await remindersRemoveQueue.handler(jobs as never);
    await remindersRemoveQueue.handler(jobs as never);
    const gone = await rowOf(created.id);
    expect(gone).toMatchObject({ status: "deleted", deletedReason: "order_paid" });
    expect((await sandboxReminders(g.sb)).find((r) => r.reminderId === created.reminderId)?.deleted).toBe(
      true,
    );
    const deletes = (await sandboxCalls(g.sb, "miniapp.reminder.delete")).filter(
      (c) => c.requestId === marked.deleteRequestId,
    );
    expect(deletes).toHaveLength(1);
    const done = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.deleted"), eq(auditLog.targetId, created.id)));
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      result: "ok",
      detail: expect.objectContaining({ reason: "order_paid" }),
    });

    // Shown on the order page and on the customer's timeline.
    const section = await orderReminders(t.db, { ...order, status: "paid" }, true);
    expect(section.rows.map((r) => [r.reminderId, r.status, r.deletedReason])).toEqual([
      [created.reminderId, "deleted", "order_paid"],
    ]);
    expect(section.send).toBeNull();
    const timeline = await customerTimeline(t.db, {
      customerId: customer.id,
      profileFetchedAt: null,
      orders: [],
      accounts: [],
    });
    expect(timeline.filter((e) => e.source === "reminder").map((e) => [e.kind, e.code])).toEqual([
      ["reminder.deleted.order_paid", created.reminderId],
      ["reminder.created", created.reminderId],
    ]);
  });

  it("an expired notification marks the order's reminder for removal (reason order_closed) in the apply transaction, audited as GoPay", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 16);
    const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const out = await createReminder(
      { customerId: customer.id, orderId: order.id, templateName: "LOKET_PAYMENT_REMINDER", params: paymentDueParams(order, PAYMENT), actor },
      { client: g.client },
    );
    const res = await postSnap(
      snapRequest(snapBody({ orderId: order.orderId, referenceNo: order.gopayReference!, status: "08" }), keys.privateKey),
    );
    expect(res.status).toBe(200);
    expect((await t.db.select().from(orders).where(eq(orders.id, order.id)))[0]!.status).toBe("expired");
    expect(await rowOf(out.reminderId!)).toMatchObject({ status: "deleting", deletedReason: "order_closed" });
    const [asked] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.delete"), eq(auditLog.targetId, order.orderId)));
    expect(asked).toMatchObject({ actorEmail: "gopay", result: "pending", detail: expect.objectContaining({ reason: "order_closed" }) });
    const jobs = await boss.fetch<{ ids: string[] }>(remindersRemoveQueue.name, { batchSize: 10 });
    expect(jobs?.map((j) => j.data.ids)).toEqual([[out.reminderId]]);
    await remindersRemoveQueue.handler(jobs as never);
    expect(await rowOf(out.reminderId!)).toMatchObject({ status: "deleted", deletedReason: "order_closed" });
  });

  it("a staff cancel removes the order's reminder at GoPay (reason order_closed) through a job enqueued with the cancel; audited as the staff member", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 12);
    const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const out = await createReminder(
      { customerId: customer.id, orderId: order.id, templateName: "LOKET_PAYMENT_REMINDER", params: paymentDueParams(order, PAYMENT), actor },
      { client: g.client },
    );
    const created = await rowOf(out.reminderId!);
    expect(created.status).toBe("active");

    const staff = { id: manager.id, email: manager.email };
    const key = `CX${crypto.randomUUID().replaceAll("-", "")}`;
    expect(await cancelOrder({ orderId: order.id, key, actor: staff }, { client: g.client, database: t.db })).toMatchObject({ status: "succeeded" });

    const marked = await rowOf(created.id);
    expect(marked).toMatchObject({ status: "deleting", deletedReason: "order_closed" });
    const [asked] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.delete"), eq(auditLog.targetId, order.orderId)));
    expect(asked).toMatchObject({ actorEmail: manager.email, result: "pending", detail: expect.objectContaining({ reason: "order_closed" }) });
    const jobs = await boss.fetch<{ ids: string[] }>(remindersRemoveQueue.name, { batchSize: 10 });
    expect(jobs?.map((j) => j.data.ids)).toEqual([[created.id]]);
    await remindersRemoveQueue.handler(jobs as never);
    expect(await rowOf(created.id)).toMatchObject({ status: "deleted", deletedReason: "order_closed" });
    expect((await sandboxReminders(g.sb)).find((r) => r.reminderId === created.reminderId)?.deleted).toBe(true);

    const timeline = await customerTimeline(t.db, { customerId: customer.id, profileFetchedAt: null, orders: [], accounts: [] });
    expect(timeline.filter((e) => e.source === "reminder").map((e) => e.kind)).toEqual(["reminder.deleted.order_closed", "reminder.created"]);
  });
});

describe("an order entering paid marks only its live reminders", () => {
  it("creating, active and unknown are marked (a Request-Id kept if one was written); deleting, deleted, failed and other orders' are left", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 10);
    const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const other = await pendingOrder(t.db, g.client, g.sb, customer.id);
    const stamp = new Date("2026-01-01T00:00:00Z");
    const row = (orderId: string, status: (typeof reminders.$inferInsert)["status"], deleteRequestId: string | null = null) => ({
      customerId: customer.id,
      orderId,
      templateName: "LOKET_PAYMENT_REMINDER",
      params: {},
      requestId: crypto.randomUUID(),
      status,
      deleteRequestId,
      deletedReason: status === "deleting" || status === "deleted" ? ("staff" as const) : null,
      updatedAt: stamp,
    });
    const made = await t.db
      .insert(reminders)
      .values([
        row(order.id, "creating"),
        row(order.id, "active"),
        row(order.id, "unknown", "kept-request-id"),
        row(order.id, "deleting", "staff-request-id"),
        row(order.id, "deleted", "staff-done-id"),
        row(order.id, "failed"),
        row(other.id, "active"),
      ])
      .returning({ id: reminders.id });
    const ids = made.map((m) => m.id);

    const count = await t.db.transaction((tx) => removeRemindersOfOrder(tx as never, order, "order_paid", { email: "gopay" }));
    expect(count).toBe(3);

    const after = await Promise.all(ids.map(rowOf));
    expect(after.map((r) => [r.status, r.deletedReason])).toEqual([
      ["deleting", "order_paid"],
      ["deleting", "order_paid"],
      ["deleting", "order_paid"],
      ["deleting", "staff"],
      ["deleted", "staff"],
      ["failed", null],
      ["active", null],
    ]);
    // A removal's Request-Id is written once and reused by every retry.
    expect(after[0]!.deleteRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(after[1]!.deleteRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(after[0]!.deleteRequestId).not.toBe(after[1]!.deleteRequestId);
    expect(after[2]!.deleteRequestId).toBe("kept-request-id");
    expect(after[3]!.deleteRequestId).toBe("staff-request-id");
    // Only the marked rows moved.
    expect(after.map((r) => r.updatedAt.getTime() > stamp.getTime())).toEqual([true, true, true, false, false, false, false]);
    // The one audit entry names the three it marked.
    const [asked] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "reminder.delete"), eq(auditLog.targetId, order.orderId)));
    const listed = (asked!.detail as { reminders: { id: string }[] }).reminders.map((r) => r.id).sort();
    expect(listed).toEqual(ids.slice(0, 3).sort());
  });
});

describe("the template registry is the reminders' one source of names and limits", () => {
  it("a name not in the registry, or archived there, is refused before any call", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 10);
    const before = (await sandboxCalls(g.sb, "miniapp.reminder.create")).length;
    expect(
      await createReminder(
        { customerId: customer.id, templateName: "LOKET_NOT_REGISTERED", params, actor },
        { client: g.client },
      ),
    ).toMatchObject({ status: "refused", field: "template" });
    // A push template of the registry is not a reminder template.
    expect(
      await createReminder(
        { customerId: customer.id, templateName: "HK_PDS_NOTIFY", params, actor },
        { client: g.client },
      ),
    ).toMatchObject({ status: "refused", field: "template" });
    const hold = (await listTemplates(t.db, { kind: "reminder" })).find(
      (x) => x.name === "LOKET_HOLD_REMINDER",
    )!;
    await setTemplateArchived(t.db, hold.id, true, manager);
    expect(
      await createReminder(
        { customerId: customer.id, templateName: hold.name, params: { ...params, order_id: "ORD-1" }, actor },
        { client: g.client },
      ),
    ).toMatchObject({ status: "refused", field: "template" });
    await setTemplateArchived(t.db, hold.id, false, manager);
    expect((await sandboxCalls(g.sb, "miniapp.reminder.create")).length).toBe(before);
  });

  it("limits edited at /campaigns/templates are the limits checked (and the payment-due text follows them)", async () => {
    const { customer } = await loketCustomer(t.db, g.sb, 11);
    const tpl = (await listTemplates(t.db, { kind: "reminder" })).find(
      (x) => x.name === "LOKET_PAYMENT_REMINDER",
    )!;
    const original = {
      name: tpl.name,
      kind: tpl.kind,
      description: tpl.description ?? "",
      params: tpl.params,
    };
    // Tighter than GoPay's own 50–70 (the sandbox still checks those): Loket must hold to the registry's.
    const tighter = tpl.params.map((p) => (p.name === "description" ? { ...p, min: 50, max: 62 } : p));
    expect(await updateTemplate(t.db, tpl.id, { ...original, params: tighter }, manager)).toMatchObject({
      ok: true,
    });
    try {
      // 63 characters: within GoPay's 50–70, outside the registry's 50–62 now.
      expect(
        await createReminder(
          { customerId: customer.id, templateName: tpl.name, params, actor },
          { client: g.client },
        ),
      ).toMatchObject({
        status: "refused",
        field: "param:description",
        words: { message: { params: { min: 50, max: 62, length: params.description.length } } },
      });
      const order = await pendingOrder(t.db, g.client, g.sb, customer.id);
      const fitted = paymentDueParams(order, tighter);
      expect(fitted.description!.length).toBeLessThanOrEqual(62);
      const out = await createReminder(
        { customerId: customer.id, orderId: order.id, templateName: tpl.name, params: fitted, actor },
        { client: g.client },
      );
      expect(out.status).toBe("succeeded");
    } finally {
      await updateTemplate(t.db, tpl.id, original, manager);
    }
  });

  it("payment due for a set: without the registered template nothing is written or sent", async () => {
    const tpl = (await listTemplates(t.db, { kind: "reminder" })).find(
      (x) => x.name === "LOKET_PAYMENT_REMINDER",
    )!;
    await setTemplateArchived(t.db, tpl.id, true, manager);
    try {
      const before = await t.db.select({ id: reminders.id }).from(reminders);
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, "reminder.bulk_create"));
      const r = await createPaymentDueReminders({ hours: 1, actor }, { client: g.client });
      expect(r).toMatchObject({ templateMissing: true, created: 0 });
      expect(await t.db.select({ id: reminders.id }).from(reminders)).toHaveLength(before.length);
      expect(
        await t.db.select().from(auditLog).where(eq(auditLog.action, "reminder.bulk_create")),
      ).toHaveLength(audits.length);
    } finally {
      await setTemplateArchived(t.db, tpl.id, false, manager);
    }
  });
});
