import { createHash } from "node:crypto";
import { PAYMENT_OPTIONS, type NotificationSource, type PaymentOption } from "~db/schema";
import type { CorePaymentState, SnapNotification } from "~/gopay/notifications.server";
import type { RefundHistoryEntry } from "~/services/refunds/apply.server";
import { mapCoreStatus, mapSnapStatus, type PaymentSignal } from "~/services/payments/state";

/**
 * What a payment notification (or a Core status answer) says, from the typed object app/gopay
 * parsed. Pure: the apply step turns this into order changes under the order's row lock.
 */

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

export function snapUpdate(n: SnapNotification): PaymentUpdate {
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

/** A Core payment notification's claim, or a status answer (the same typed shape). */
export function coreUpdate(n: CorePaymentState, opts: { holdExpired?: boolean } = {}): PaymentUpdate {
  const mapping = mapCoreStatus(n.transactionStatus, opts);
  const refunds: RefundHistoryEntry[] | undefined = n.refunds.length
    ? n.refunds.map((r) => ({
        refundNo: r.refundChargebackId,
        partnerRefundNo: r.refundKey,
        amount: r.amount,
        status: "00",
        date: r.createdAt,
        reason: r.reason,
      }))
    : undefined;
  const refundTotal = n.refundAmount ?? refunds?.reduce((s, r) => s + r.amount, 0n);
  return {
    orderId: n.orderId,
    gopayReference: n.transactionId,
    signal:
      mapping.kind === "ignore"
        ? null
        : mapping.kind === "refund"
          ? { gopayStatus: n.transactionStatus, kind: "refund", refundTotal }
          : { gopayStatus: n.transactionStatus, kind: "status", status: mapping.status },
    ignored: mapping.kind === "ignore" ? mapping.why : undefined,
    coreStatus: n.transactionStatus,
    amount: n.grossAmount,
    paidAt: date(n.settlementTime) ?? (mapping.kind === "status" && mapping.status === "paid" ? date(n.transactionTime) : undefined),
    paymentOption: payOption(n.paymentOptionType),
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

/** The dedupe key of a Core transaction state (a notification's claim, or a status answer). */
export function coreDedupeKey(s: CorePaymentState): string {
  const refundTotal = s.refundAmount ?? (s.refunds.length ? s.refunds.reduce((t, r) => t + r.amount, 0n) : undefined);
  return dedupeKey("core_payment", s.orderId, s.transactionStatus, refundTotal);
}
