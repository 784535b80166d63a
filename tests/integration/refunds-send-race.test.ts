import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, operations, refunds } from "~db/schema";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund, type RequestRefundInput } from "~/services/refunds/request-refund.server";
import { resolveRefundOperation } from "~/services/refunds/resolve.server";
import { makeStaff } from "./auth-helpers";
import { control, sandboxOrder, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

/**
 * The resolver settles a refund while the agent's own call is still waiting for GoPay's answer
 * (the sandbox delays that first call; the resolver's retry under the same key lands first).
 * When the agent's call then returns, the refund is already settled: its outcome is audited once,
 * by whoever settled it, never a second time by the call that moved nothing.
 */
const LATE_MS = 1_500;
const t = useTestDb();
const s = useSandbox({ timeoutMs: 10_000 });

beforeEach(async () => {
  await control(s.sb, "/faults", undefined, "DELETE");
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function agent() {
  await setLimit(t.db, "finance", null);
  const st = await makeStaff(t.db, "finance");
  return { id: st.id, email: st.email, role: st.role };
}

/** The operation once the agent's call is on its way to GoPay (attempts counted before the call). */
async function inFlight(key: string) {
  for (let i = 0; i < 200; i++) {
    const [op] = await t.db.select().from(operations).where(and(eq(operations.kind, "refund"), eq(operations.idempotencyKey, key)));
    if (op && op.attempts >= 1) return op;
    await sleep(20);
  }
  throw new Error("the refund call never started");
}

const outcomes = async (key: string) =>
  (await t.db.select().from(auditLog).where(eq(auditLog.idempotencyKey, key)))
    .filter((a) => a.action === "refund.succeeded" || a.action === "refund.failed")
    .map((a) => [a.action, a.actorEmail, a.result]);

describe("sendRefund after the resolver settled the refund", () => {
  it("succeeded: one refund.succeeded audit row (the resolver's), not a second one from the agent's call", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    await control(s.sb, "/faults", { op: "snap.refund", mode: "latency", latencyMs: LATE_MS, count: 1 });
    const input: RequestRefundInput = { orderId: order.id, partnerRefundNo: mintRefundKey(), amount: 30_000_00n, reasonCode: "customer_request", actor };
    const sent = requestRefund(input, { client: s.client, database: t.db });
    const op = await inFlight(input.partnerRefundNo);
    expect(await resolveRefundOperation(op, s.client, { database: t.db })).toMatchObject({ status: "succeeded" });
    expect(await sent).toMatchObject({ kind: "sent", outcome: { status: "succeeded" } });
    const [row] = await t.db.select().from(refunds).where(eq(refunds.partnerRefundNo, input.partnerRefundNo));
    expect(row!.status).toBe("succeeded");
    expect(await outcomes(input.partnerRefundNo)).toEqual([["refund.succeeded", "job:operations-resolve", "ok"]]);
  });

  it("failed: one refund.failed audit row (the resolver's), not a second one from the agent's call", async () => {
    const actor = await agent();
    const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 100_000_00n });
    // A refund made at GoPay outside Loket: only Rp 20.000 is left there.
    const outside = randomUUID().replace(/-/g, "");
    await s.client.snap.refund({ externalId: outside, originalReferenceNo: order.gopayReference!, originalPartnerReferenceNo: order.orderId, partnerRefundNo: outside, amount: 80_000_00n, reason: "outside" });
    await control(s.sb, "/faults", { op: "snap.refund", mode: "latency", latencyMs: LATE_MS, count: 1 });
    const input: RequestRefundInput = { orderId: order.id, partnerRefundNo: mintRefundKey(), amount: 50_000_00n, reasonCode: "customer_request", actor };
    const sent = requestRefund(input, { client: s.client, database: t.db });
    const op = await inFlight(input.partnerRefundNo);
    expect(await resolveRefundOperation(op, s.client, { database: t.db })).toMatchObject({ status: "failed" });
    expect(await sent).toMatchObject({ kind: "sent", outcome: { status: "failed" } });
    const [row] = await t.db.select().from(refunds).where(eq(refunds.partnerRefundNo, input.partnerRefundNo));
    expect(row!.status).toBe("failed");
    expect(await outcomes(input.partnerRefundNo)).toEqual([["refund.failed", "job:operations-resolve", "failed"]]);
  });
});
