import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetEnvCache } from "../../app/env.server";
import { signNotify, xTimestamp, coreSignatureKey } from "../../app/gopay/signing.server";
import { action as snapAction } from "../../app/routes/v1[.]0.debit.notify";
import { action as coreAction } from "../../app/routes/webhooks.gopay";

/**
 * Shared by the notifications-* tests: a test "Midtrans" key pair (its public key installed as
 * GOPAY_NOTIFY_PUBLIC_KEY_FILE), signed SNAP / Core notification builders, and calls into the real
 * route modules' actions with a Request.
 */
export const SERVER_KEY = "SB-Mid-server-notify-test";

export function installKeys(): { privateKey: string; publicKey: string; file: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const file = path.join(mkdtempSync(path.join(tmpdir(), "loket-notify-")), "notify.pub.pem");
  writeFileSync(file, publicKey);
  process.env.GOPAY_NOTIFY_PUBLIC_KEY_FILE = file;
  process.env.MIDTRANS_SERVER_KEY = SERVER_KEY;
  process.env.JOBS_ENABLED = "false";
  resetEnvCache();
  return { privateKey, publicKey, file };
}

export interface SnapBodyInput {
  orderId: string;
  referenceNo?: string;
  status: string;
  amount?: string;
  payOption?: string;
  refunds?: { partnerRefundNo: string; amount: string }[];
  finishedTime?: string;
}

export function snapBody(i: SnapBodyInput): string {
  const total = i.refunds?.reduce((s, r) => s + BigInt(r.amount.replace(".", "")), 0n);
  return JSON.stringify({
    originalReferenceNo: i.referenceNo ?? `REF-${i.orderId}`,
    originalPartnerReferenceNo: i.orderId,
    originalExternalId: "1234567890",
    merchantId: "M-TEST",
    latestTransactionStatus: i.status,
    transactionStatusDesc: "x",
    createdTime: "2025-01-02T10:00:00+07:00",
    ...(i.finishedTime ? { finishedTime: i.finishedTime } : {}),
    amount: { value: i.amount ?? "150000.00", currency: "IDR" },
    additionalInfo: {
      ...(i.payOption ? { userPaymentDetails: [{ payMethod: "gopay", payOption: i.payOption, transAmount: { value: i.amount ?? "150000.00", currency: "IDR" } }] } : {}),
      ...(i.refunds
        ? {
            refundHistory: i.refunds.map((r, k) => ({
              refundNo: `RN-${r.partnerRefundNo}`,
              partnerRefundNo: r.partnerRefundNo,
              refundAmount: { value: r.amount, currency: "IDR" },
              refundStatus: "00",
              refundTime: `2025-01-03T10:0${k}:00+07:00`,
            })),
            totalRefundAmount: { value: `${total! / 100n}.${(total! % 100n).toString().padStart(2, "0")}`, currency: "IDR" },
          }
        : {}),
    },
  });
}

export function snapRequest(body: string, privateKey: string, opts: { at?: Date; signature?: string; timestamp?: string } = {}): Request {
  const ts = opts.timestamp ?? xTimestamp(opts.at ?? new Date());
  return new Request("http://loket.test/v1.0/debit/notify", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-TIMESTAMP": ts,
      "X-SIGNATURE": opts.signature ?? signNotify("/v1.0/debit/notify", body, ts, privateKey),
      "X-PARTNER-ID": "TESTPARTNER",
      "X-EXTERNAL-ID": String(Date.now()),
    },
    body,
  });
}

export function coreBody(i: { orderId: string; status: string; statusCode?: string; gross?: string; serverKey?: string; badSignature?: boolean }): string {
  const statusCode = i.statusCode ?? (i.status === "pending" ? "201" : "200");
  const gross = i.gross ?? "150000.00";
  const sig = coreSignatureKey(i.orderId, statusCode, gross, i.serverKey ?? SERVER_KEY);
  return JSON.stringify({
    status_code: statusCode,
    transaction_id: `TX-${i.orderId}`,
    order_id: i.orderId,
    gross_amount: gross,
    currency: "IDR",
    payment_type: "gopay",
    transaction_time: "2025-01-02 10:00:00",
    transaction_status: i.status,
    fraud_status: "accept",
    payment_option_type: "GOPAY_WALLET",
    ...(i.status === "settlement" ? { settlement_time: "2025-01-02 10:01:00" } : {}),
    status_message: "midtrans payment notification",
    signature_key: i.badSignature ? sig.replace(/^./, (c) => (c === "a" ? "b" : "a")) : sig,
  });
}

type ActionArgs = Parameters<typeof snapAction>[0];
const args = (request: Request) => ({ request, context: {}, params: {} }) as unknown as ActionArgs;

export async function postSnap(request: Request): Promise<{ status: number; body: { responseCode: string; responseMessage: string }; headers: Headers }> {
  const res = await snapAction(args(request));
  return { status: res.status, body: (await res.json()) as { responseCode: string; responseMessage: string }, headers: res.headers };
}

export async function postCore(body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const request = new Request("http://loket.test/webhooks/gopay", { method: "POST", headers: { "Content-Type": "application/json", "User-Agent": "Veritrans" }, body });
  const res = await coreAction(args(request));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
