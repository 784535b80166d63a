import type { OrderStatus } from "~db/schema";
import { decide, isPaidFamily, mapCoreStatus, mapSnapStatus, targetOf } from "~/services/payments/state";
import type { DifferenceKind } from "./kinds";

/**
 * The pure heart of reconciliation: one order as Loket holds it, against what GoPay's status API
 * says and the notifications Loket received, → the differences, each with the facts that explain it.
 * No I/O here, so every rule is tested without a sandbox (compare.test.ts).
 */

export interface LoketSide {
  orderId: string;
  channel: "deeplink" | "tokenized" | "preauth";
  status: OrderStatus;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  hold: { status: string; expiresAt: Date } | null;
  /** Notifications stored for the order: the status each said, and whether its signature held. */
  notifications: { id: string; statusCode: string | null; signatureValid: boolean; verification: string }[];
  /** Operations (refund, cancel, capture…) whose outcome is still unknown. */
  unknownOperations: { id: string; kind: string }[];
}

/** GoPay's answer, normalised: `found: false` when GoPay does not know the order (SNAP 07, Core 404). */
export type GopaySide =
  | { found: true; api: "snap" | "core"; status: string; amount: bigint | undefined; refunded: bigint }
  | { found: false; api: "snap" | "core" };

export interface Difference {
  kind: DifferenceKind;
  /** What the difference is about: the same fingerprint seen again after it was resolved or ignored is not raised twice. */
  fingerprint: string;
  /** Parameters of the sentence that explains it (amounts as strings of sen: jsonb has no bigint). */
  details: Record<string, string | number | boolean | null>;
}

/** GoPay statuses that say nothing moved yet (no notification is owed for them). */
const NOT_MOVED = new Set(["01", "02", "03", "pending"]);

export function compareOrder(loket: LoketSide, gopay: GopaySide): Difference[] {
  const out: Difference[] = [];
  const validCodes = new Set(loket.notifications.filter((n) => n.signatureValid).map((n) => n.statusCode));
  const bad = loket.notifications.filter((n) => !n.signatureValid);
  if (bad.length > 0) {
    const ids = bad.map((n) => n.id).sort();
    out.push({
      kind: "notification_bad_signature",
      fingerprint: ids.join(","),
      details: { count: bad.length, notificationIds: ids.join(","), verification: bad[0]!.verification },
    });
  }
  if (loket.unknownOperations.length > 0) {
    const ids = loket.unknownOperations.map((o) => o.id).sort();
    out.push({
      kind: "operation_unknown",
      fingerprint: ids.join(","),
      details: {
        count: ids.length,
        operationKinds: [...new Set(loket.unknownOperations.map((o) => o.kind))].sort().join(","),
        operationIds: ids.join(","),
      },
    });
  }
  if (!gopay.found) {
    // An order still pending here that GoPay never heard of is a payment that was never created.
    out.push({ kind: "not_at_gopay", fingerprint: loket.status, details: { loketStatus: loket.status } });
    return out;
  }

  const mapping = gopay.api === "snap" ? mapSnapStatus(gopay.status) : mapCoreStatus(gopay.status);
  const gopayPaid = mapping.kind === "refund" || (mapping.kind === "status" && isPaidFamily(mapping.status));
  const noNotification = !NOT_MOVED.has(gopay.status) && !validCodes.has(gopay.status);
  const base = {
    gopayStatus: gopay.status,
    loketStatus: loket.status,
    notificationReceived: !noNotification,
  };
  const state = `${gopay.status}|${gopay.amount ?? ""}|${gopay.refunded}|${loket.status}|${loket.refundedAmount}`;
  let stateDiffers = false;

  if (gopay.amount !== undefined && gopay.amount !== loket.amount) {
    out.push({
      kind: "amount_mismatch",
      fingerprint: `${gopay.amount}|${loket.amount}`,
      details: { ...base, gopayAmount: gopay.amount.toString(), loketAmount: loket.amount.toString() },
    });
  }

  const holdLapsed =
    loket.channel === "preauth" &&
    loket.hold?.status === "authorised" &&
    (gopay.status === "cancel" || gopay.status === "expire");
  if (holdLapsed) {
    stateDiffers = true;
    out.push({
      kind: "hold_expired_active",
      fingerprint: state,
      details: { ...base, holdExpiresAt: loket.hold!.expiresAt.toISOString() },
    });
  } else if (gopayPaid && !isPaidFamily(loket.status)) {
    stateDiffers = true;
    out.push({
      kind: "paid_not_in_loket",
      fingerprint: state,
      details: { ...base, gopayAmount: (gopay.amount ?? loket.amount).toString() },
    });
  } else if (mapping.kind === "status" && mapping.status !== loket.status) {
    const target = targetOf(loket, { gopayStatus: gopay.status, kind: "status", status: mapping.status });
    if (decide(loket, target) === "apply") {
      stateDiffers = true;
      out.push({ kind: "status_behind", fingerprint: state, details: { ...base, expected: mapping.status } });
    }
  }

  if (isPaidFamily(loket.status) || gopayPaid) {
    const amounts = {
      ...base,
      gopayRefunded: gopay.refunded.toString(),
      loketRefunded: loket.refundedAmount.toString(),
    };
    if (gopay.refunded > loket.refundedAmount) {
      stateDiffers = true;
      out.push({
        kind: "refund_missing_in_loket",
        fingerprint: state,
        details: { ...amounts, missing: (gopay.refunded - loket.refundedAmount).toString() },
      });
    } else if (gopay.refunded < loket.refundedAmount) {
      stateDiffers = true;
      out.push({
        kind: "refund_not_at_gopay",
        fingerprint: state,
        details: { ...amounts, extra: (loket.refundedAmount - gopay.refunded).toString() },
      });
    }
  }

  // Both sides agree, yet the move to GoPay's status never reached Loket as a notification: Loket
  // learnt it from an API answer or a resync, and the notification channel lost one.
  if (!stateDiffers && noNotification) {
    out.push({ kind: "notification_missing", fingerprint: gopay.status, details: { ...base } });
  }
  return out;
}
