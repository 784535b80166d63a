import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, refunds, roleLimits } from "~db/schema";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { makeStaff, post } from "./auth-helpers";
import { setLimit } from "./refunds-support";
import { insertOrder } from "../support/factories";
import { useTestDb } from "../support/db";

/**
 * Every money field goes through one parser (app/lib/money.ts): what a person types that is not
 * whole rupiah, or more than GoPay moves in one transaction, is a 400 with the sentence at the
 * field — never a 500, nothing written, nothing audited as if it were an amount.
 * The actions are imported from their route modules, so this follows them if they move.
 */
const t = useTestDb();
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const NINETEEN = "1234567890123456789";
const FORTY = "9".repeat(40);
const CEILING = "That is more than GoPay moves in one transaction (at most Rp 99.999.999.999).";

type Answer = { status: number; body: unknown };
async function answer(fn: () => Promise<unknown>): Promise<Answer> {
  let value: unknown;
  try {
    value = await fn();
  } catch (err) {
    if (err instanceof Response) value = err;
    else return { status: 500, body: String(err) };
  }
  if (value instanceof Response) {
    const text = await value.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: value.status, body };
  }
  if (value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit") {
    const v = value as { data: unknown; init?: { status?: number } | null };
    return { status: v.init?.status ?? 200, body: v.data };
  }
  return { status: 200, body: value };
}

const fieldError = (body: unknown, field: string) => (body as { errors?: Record<string, string> } | null)?.errors?.[field];

describe("refund amount on the order page", () => {
  let cookie: string;
  beforeAll(async () => {
    await setLimit(t.db, "support", 500_000_00n);
    cookie = (await makeStaff(t.db, "support")).cookie;
  });

  async function refund(amount: string) {
    const order = await insertOrder(t.db, { amount: 300_000_00n });
    const { action } = await import("~/routes/_app.orders.$orderId");
    const request = post(`/orders/${order.orderId}`, { intent: "refund", key: mintRefundKey(), amount, reasonCode: "duplicate_payment", reasonText: "" }, cookie);
    const res = await answer(() => action({ request, params: { orderId: order.orderId }, context }));
    const written = await t.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.targetId, order.orderId));
    return { res, written, audited };
  }

  it.each([
    ["1,5", "Rupiah are whole: did you mean 1?"],
    ["1,500", "Dots group thousands in rupiah: did you mean 1.500?"],
    [NINETEEN, CEILING],
    [FORTY, CEILING],
  ])("%j is a 400 with the sentence at the amount field, and nothing is written", async (amount, message) => {
    const { res, written, audited } = await refund(amount);
    expect(res.status).toBe(400);
    expect(fieldError(res.body, "amount")).toBe(message);
    expect(written).toEqual([]);
    expect(audited).toEqual([]);
  });
});

describe("requestRefund (the service behind every refund form)", () => {
  it("refuses an amount past the ceiling at the amount field and audits the refusal without overflowing bigint", async () => {
    const order = await insertOrder(t.db, { amount: 300_000_00n });
    const who = await makeStaff(t.db, "finance");
    const { requestRefund } = await import("~/services/refunds/request-refund.server");
    const key = mintRefundKey();
    const r = await requestRefund(
      { orderId: order.id, partnerRefundNo: key, amount: BigInt(NINETEEN) * 100n, reasonCode: "duplicate_payment", actor: { id: who.id, email: who.email, role: who.role } },
      { database: t.db },
    );
    expect(r).toEqual({ kind: "rejected", field: "amount", message: CEILING });
    expect(await t.db.select().from(refunds).where(eq(refunds.orderId, order.id))).toEqual([]);
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.idempotencyKey, key));
    expect(row).toMatchObject({ action: "refund.request", result: "denied", amount: null });
  });
});

describe("refund limits on /settings/limits", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = (await makeStaff(t.db, "admin")).cookie;
    await setLimit(t.db, "support", 500_000_00n);
  });

  async function setSupportLimit(refundLimit: string) {
    const { action } = await import("~/routes/_app.settings.limits");
    const request = post("/settings/limits", { intent: "set-refund-limit", role: "support", refundLimit }, cookie);
    const res = await answer(() => action({ request, params: {}, context }));
    const [row] = await t.db.select().from(roleLimits).where(eq(roleLimits.role, "support"));
    return { res, limit: row?.refundLimit };
  }

  it.each([
    ["1,5", "Rupiah are whole: did you mean 1?"],
    [NINETEEN, CEILING],
    [FORTY, CEILING],
    [`${FORTY}9`, CEILING],
    ["-5.000", "Amounts are positive: did you mean 5.000?"],
  ])("%j is a 400 with the sentence at the limit field; the limit is unchanged", async (text, message) => {
    const { res, limit } = await setSupportLimit(text);
    expect(res.status).toBe(400);
    expect(fieldError(res.body, "refundLimit")).toBe(message);
    expect(limit).toBe(500_000_00n);
  });

  it("whole rupiah in any usual spelling are saved; empty means unlimited", async () => {
    expect((await setSupportLimit("Rp 750.000")).limit).toBe(750_000_00n);
    expect((await setSupportLimit("750000")).limit).toBe(750_000_00n);
    expect((await setSupportLimit("")).limit).toBe(null);
    expect((await setSupportLimit("0")).limit).toBe(0n);
    await setLimit(t.db, "support", 500_000_00n);
  });
});
