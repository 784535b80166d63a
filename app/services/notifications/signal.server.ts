import { createHash } from "node:crypto";
import { z } from "zod";
import { PAYMENT_OPTIONS, type NotificationSource, type PaymentOption } from "~db/schema";
import { snapNotifySchema } from "~/gopay/notifications.server";
import { decimalAmount } from "~/gopay/validate.server";
import { mapCoreStatus, mapSnapStatus, type PaymentSignal } from "~/services/payments/state";

/**
 * What a stored payment notification says, read back from its raw body (the same bytes that were
 * verified). Pure: the apply step turns this into order changes under the order's row lock.
 */

/** One refund as GoPay reports it (SNAP refundHistory / Core refunds[]), amounts in minor units. */
export interface RefundHistoryEntry {
  refundNo?: string;
  partnerRefundNo?: string;
  amount: bigint;
  /** SNAP refundStatus "00" success / "06" failed; Core refunds are successes. */
  status?: string;
  date?: string;
  reason?: string;
}

export interface PaymentUpdate {
  /** Our order id (partnerReferenceNo / order_id) and GoPay's reference (referenceNo / transaction_id). */
  orderId?: string;
  gopayReference?: string;
  /** null: nothing to apply (e.g. SNAP 07); `ignored` says why. */
  signal: PaymentSignal | null;
  ignored?: string;
  /** Core transaction_status, for pre-auth holds. */
  coreStatus?: string;
  amount?: bigint;
  paidAt?: Date;
  finishedAt?: Date;
  paymentOption?: PaymentOption;
  refundHistory?: RefundHistoryEntry[];
}

function date(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  // Core sends "YYYY-MM-DD HH:MM:SS" in WIB without an offset; SNAP sends ISO-8601 with one.
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s) ? `${s.replace(" ", "T")}+07:00` : s;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : new Date(t);
}

function payOption(v: unknown): PaymentOption | undefined {
  return typeof v === "string" && (PAYMENT_OPTIONS as readonly string[]).includes(v) ? (v as PaymentOption) : undefined;
}

export function snapUpdate(rawBody: string): PaymentUpdate {
  const n = snapNotifySchema.parse(JSON.parse(rawBody));
  const mapping = mapSnapStatus(n.latestTransactionStatus);
  const info = n.additionalInfo;
  const refundTotal = info?.totalRefundAmount?.amount;
  const signal: PaymentSignal | null =
    mapping.kind === "ignore"
      ? null
      : mapping.kind === "refund"
        ? {
            gopayStatus: n.latestTransactionStatus,
            kind: "refund",
            refundTotal: refundTotal ?? info?.refundHistory?.filter((r) => r.status !== "06").reduce((s, r) => s + r.amount, 0n),
          }
        : { gopayStatus: n.latestTransactionStatus, kind: "status", status: mapping.status };
  const finished = date(n.finishedTime);
  return {
    orderId: n.originalPartnerReferenceNo,
    gopayReference: n.originalReferenceNo,
    signal,
    ignored: mapping.kind === "ignore" ? mapping.why : undefined,
    amount: n.amount?.amount,
    // SNAP carries the payment time as finishedTime on 00 (and the sandbox keeps it on 04).
    paidAt: n.latestTransactionStatus === "00" || n.latestTransactionStatus === "04" ? finished : undefined,
    finishedAt: finished,
    paymentOption: payOption(info?.userPaymentDetails?.[0]?.payOption),
    refundHistory: info?.refundHistory?.map((r) => ({ ...r })),
  };
}

const coreBody = z
  .object({
    order_id: z.string(),
    transaction_id: z.string().optional(),
    transaction_status: z.string(),
    gross_amount: decimalAmount,
    settlement_time: z.string().optional(),
    transaction_time: z.string().optional(),
    payment_option_type: z.string().optional(),
    refund_amount: decimalAmount.optional(),
    refunds: z
      .array(
        z
          .object({
            refund_chargeback_id: z.union([z.string(), z.number()]).optional(),
            refund_amount: decimalAmount,
            refund_key: z.string().optional(),
            reason: z.string().optional(),
            created_at: z.string().optional(),
          })
          .passthrough(),
      )
      .optional(),
  })
  .passthrough();

/** A Core payment notification (or a status response in the same shape, after a doubt check). */
export function coreUpdate(body: unknown, opts: { holdExpired?: boolean } = {}): PaymentUpdate {
  const n = coreBody.parse(body);
  const mapping = mapCoreStatus(n.transaction_status, opts);
  const refunds = n.refunds?.map((r) => ({
    refundNo: r.refund_chargeback_id === undefined ? undefined : String(r.refund_chargeback_id),
    partnerRefundNo: r.refund_key,
    amount: r.refund_amount,
    status: "00",
    date: r.created_at,
    reason: r.reason,
  }));
  const refundTotal = n.refund_amount ?? refunds?.reduce((s, r) => s + r.amount, 0n);
  return {
    orderId: n.order_id,
    gopayReference: n.transaction_id,
    signal:
      mapping.kind === "ignore"
        ? null
        : mapping.kind === "refund"
          ? { gopayStatus: n.transaction_status, kind: "refund", refundTotal }
          : { gopayStatus: n.transaction_status, kind: "status", status: mapping.status },
    ignored: mapping.kind === "ignore" ? mapping.why : undefined,
    coreStatus: n.transaction_status,
    amount: n.gross_amount,
    paidAt: date(n.settlement_time) ?? (mapping.kind === "status" && mapping.status === "paid" ? date(n.transaction_time) : undefined),
    paymentOption: payOption(n.payment_option_type),
    refundHistory: refunds,
  };
}

/**
 * "The same notification": source + reference + status + refunded total. Not the timestamp, the
 * signature or the external id — GoPay re-signs every retry with a fresh X-TIMESTAMP.
 */
export function dedupeKey(source: NotificationSource, reference: string | undefined, status: string | undefined, refundTotal?: bigint): string {
  return createHash("sha256")
    .update([source, reference ?? "", status ?? "", refundTotal?.toString() ?? ""].join("|"))
    .digest("hex");
}
