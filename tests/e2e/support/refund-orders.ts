/**
 * REFUNDS-2's e2e helpers: paid deeplink orders made the way a merchant makes them (Loket's
 * /api/v1/payments with an API key an admin creates on /settings/api-keys), paid by the customer
 * through the sandbox's control API, so Loket learns it from GoPay's signed notification. The
 * specs then check GoPay's side (the sandbox's state and request log), never our database.
 */
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { E2E_BASE_URL, E2E_SANDBOX_PORT } from "./constants";
import { sandboxControl } from "../../support/sandbox-control";

export const SANDBOX = `http://127.0.0.1:${E2E_SANDBOX_PORT}`;

export async function sandboxApi<T = unknown>(path: string, body?: unknown, method?: string): Promise<T> {
  return sandboxControl<T>(SANDBOX, path, body, method);
}

// Sign-in with a patient wait and the admin-made API key are shared with the holds/accounts specs.
export { signInAs, createMerchantKey as merchantKey } from "./merchant";

export const newOrderId = (prefix = "E2E-RF") => `${prefix}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`.toUpperCase();
/** A local 0812… spelling (Loket stores 62812…). */
export const newPhone = () => `0812${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

export interface PaidOrder {
  orderId: string;
  referenceNo: string;
  phone: string;
  name: string;
  amountRupiah: number;
}

/** POST /api/v1/payments, then the customer pays at the sandbox. Loket hears of it by notification. */
export async function paidOrder(apiKey: string, opts: { amountRupiah: number; name?: string; paid?: boolean }): Promise<PaidOrder> {
  const orderId = newOrderId();
  const phone = newPhone();
  const name = opts.name ?? "Siti Rahma";
  const res = await fetch(`${E2E_BASE_URL}/api/v1/payments`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({ order_id: orderId, amount: String(opts.amountRupiah), customer: { name, phone }, valid_minutes: 60 }),
  });
  const body = (await res.json()) as { reference_no?: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  const referenceNo = body.reference_no!;
  if (opts.paid !== false) await sandboxApi(`/snap/payments/${referenceNo}/pay`, { payOption: "GOPAY_WALLET" });
  return { orderId, referenceNo, phone, name, amountRupiah: opts.amountRupiah };
}

/** Opens the order page and reloads until Loket shows it paid (the notification is on its way over HTTP). */
export async function openPaidOrder(page: Page, orderId: string): Promise<void> {
  await expect(async () => {
    await page.goto(`/orders/${encodeURIComponent(orderId)}`);
    await expect(page.getByRole("button", { name: "Refund" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
}

type SnapPayment = { referenceNo: string; partnerReferenceNo: string; status: string; refunds: { partnerRefundNo: string; amountSen: number }[] };

/** GoPay's side of one payment: the sandbox's state. */
export async function sandboxPayment(referenceNo: string): Promise<SnapPayment> {
  const all = await sandboxApi<SnapPayment[]>("/snap/payments");
  const p = all.find((x) => x.referenceNo === referenceNo);
  if (!p) throw new Error(`sandbox has no payment ${referenceNo}`);
  return p;
}

/** snap.refund requests the sandbox received with this X-EXTERNAL-ID (= our partnerRefundNo). */
export async function refundRequestsFor(partnerRefundNo: string): Promise<number> {
  const log = await sandboxApi<{ headers?: Record<string, string> }[]>("/requests?op=snap.refund");
  return log.filter((r) => Object.entries(r.headers ?? {}).some(([k, v]) => k.toLowerCase() === "x-external-id" && v === partnerRefundNo)).length;
}

/** The order's timeline entries of one kind (refund | notification | operation | event …). */
export const timelineOf = (page: Page, kind: string) => page.locator(`ol[aria-label^="Order timeline"] li[data-kind="${kind}"]`);
