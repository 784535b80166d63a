/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON answers loosely */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as payments from "../../app/routes/api.v1.payments";
import { resolveUnsettledOperations } from "../../app/services/operations/resolve.server";
import "../../app/services/operations/resolvers.server";
import { operations, orders } from "../../db/schema";
import { useTestDb } from "../support/db";
import { callApi, makeApiKey, startApiHarness, type ApiHarness } from "./merchant-api-helpers";

/**
 * Sandbox "drop after apply" on payment creation: GoPay created the payment but the answer is
 * lost. The API answers 202 unknown; the resolver settles the operation by a status query with
 * originalExternalId; the sandbox holds exactly one payment — never re-submitted with a new key.
 */
const t = useTestDb();
let h: ApiHarness;
let key: string;

beforeAll(async () => {
  h = await startApiHarness();
  key = (await makeApiKey(t.db, "faults")).key;
});
afterAll(async () => h?.close());

it("drop-after on snap.payment → 202 unknown → resolved by status query → one payment at GoPay", async () => {
  await h.control("/faults", { op: "snap.payment", mode: "drop-after", count: 1 });
  const order_id = `FLT-${randomUUID().slice(0, 12)}`;
  const idem = randomUUID();
  const res = await callApi(payments, "/api/v1/payments", { order_id, amount: "75000" }, { key, idem });
  expect(res.status).toBe(202);
  expect(res.body.status).toBe("unknown");

  const [order] = await t.db.select().from(orders).where(eq(orders.orderId, order_id));
  const [op] = await t.db.select().from(operations).where(eq(operations.orderId, order!.id));
  expect(op!.status).toBe("unknown");
  expect(order!.externalId).toBe(op!.idempotencyKey);

  const summary = await resolveUnsettledOperations({ staleMs: 0 });
  expect(summary.succeeded).toBeGreaterThanOrEqual(1);
  const [settled] = await t.db.select().from(operations).where(eq(operations.id, op!.id));
  expect(settled!.status).toBe("succeeded");
  const [after] = await t.db.select().from(orders).where(eq(orders.id, order!.id));
  expect(after!.gopayReference).toBeTruthy();
  expect(after!.deeplink).toMatch(/^gopay:\/\/merchanttransfer\?/);

  // The status query named the original X-EXTERNAL-ID; every payment call used that same id.
  const paymentCalls = await h.requests("snap.payment");
  expect(new Set(paymentCalls.map((r) => r.headers["x-external-id"]))).toEqual(new Set([op!.idempotencyKey]));
  const statusCalls = await h.requests("snap.status");
  expect(statusCalls.length).toBeGreaterThanOrEqual(1);
  expect(statusCalls.every((r) => r.headers["x-external-id"] !== op!.idempotencyKey)).toBe(true); // a fresh id per query
  const atGopay = ((await h.control("/snap/payments")) as any[]).filter((p) => p.partnerReferenceNo === order_id);
  expect(atGopay).toHaveLength(1);

  // The client retries with its Idempotency-Key: it gets the settled payment, still one at GoPay.
  const retry = await callApi(payments, "/api/v1/payments", { order_id, amount: "75000" }, { key, idem });
  expect(retry.status).toBe(201);
  expect(retry.body.reference_no).toBe(after!.gopayReference);
  expect(((await h.control("/snap/payments")) as any[]).filter((p) => p.partnerReferenceNo === order_id)).toHaveLength(1);
});
