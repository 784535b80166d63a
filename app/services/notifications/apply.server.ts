import { eq } from "drizzle-orm";
import { orders, type notifications, type OrderStatus } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { parseVerifiedCorePaymentNotification, parseVerifiedSnapNotification, type CorePaymentState } from "~/gopay/notifications.server";
import { formatIdr } from "~/lib/money";
import { AUDIT_INSERT_SQL, auditParams } from "~/services/audit.server";
import { applyHoldPaymentState, holdChangeImplied } from "~/services/holds/apply.server";
import { applyRefundHistory } from "~/services/refunds/apply.server";
import { removeRemindersOfOrder } from "~/services/reminders/delete.server";
import { STATUS_RANK, decide, isPaidFamily, isTerminalFailure, targetOf, type PaymentSignal } from "~/services/payments/state";
import { coreDedupeKey, coreUpdate, snapUpdate, type PaymentUpdate } from "./signal.server";
import { jsonParam, rawQuery, type RawQuery } from "./sql.server";

type NotificationRow = typeof notifications.$inferSelect;
type OrderRow = typeof orders.$inferSelect;

export type ApplyOutcome =
  | { state: "applied"; from: OrderStatus; to: OrderStatus }
  | { state: "no_change" | "duplicate" | "out_of_order" | "ignored" | "already" | "not_applicable" }
  | { state: "unknown_order" }
  /** A Core notification claims a change: nothing was written; confirm with GoPay's status first. */
  | { state: "needs_confirmation"; orderId: string };

export interface ApplyInput {
  /**
   * Core only: GoPay's answer to `GET /v2/{order_id}/status` for this notification's order. Given,
   * it is what gets applied; absent, the notification's claim is only used to see whether anything
   * would change (signature_key does not cover transaction_status, refund_amount or refunds).
   */
  confirmed?: CorePaymentState;
  /**
   * The row as ingest inserted it a moment ago (never applied then): what it says is known before
   * the row lock, so the three reads under the locks (notification, order, dedupe) go to Postgres
   * in one pipelined round trip instead of three. What is read under the lock still decides.
   */
  stored?: Pick<NotificationRow, "id" | "source" | "signatureValid" | "rawBody" | "dedupeKey"> & {
    /** What ingest parsed from `rawBody` when it verified it (SNAP: the notification; Core: its claim): not parsed again. */
    claim?: PaymentUpdate;
  };
}

/** Orders apply at most this many times through the sweep; an unknown order keeps its error after. */
export const MAX_APPLY_ATTEMPTS = 10;

const json = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x))) as object;

interface ReadUpdate {
  u: PaymentUpdate;
  /** Signed as a whole (SNAP) or confirmed by GoPay's status answer (Core): may be applied. */
  trusted: boolean;
  dedupe: string | null;
}

function readUpdate(n: Pick<NotificationRow, "source" | "rawBody" | "dedupeKey"> & { claim?: PaymentUpdate }, input: ApplyInput): ReadUpdate {
  if (n.source === "snap_debit") return { u: n.claim ?? snapUpdate(parseVerifiedSnapNotification(n.rawBody)), trusted: true, dedupe: n.dedupeKey };
  if (input.confirmed) return { u: coreUpdate(input.confirmed), trusted: true, dedupe: coreDedupeKey(input.confirmed) };
  return { u: n.claim ?? coreUpdate(parseVerifiedCorePaymentNotification(n.rawBody).state), trusted: false, dedupe: n.dedupeKey };
}

/**
 * The statements of an apply, fixed texts (sql.server.ts: built once, prepared on Postgres, the same
 * on PGlite). Only the columns the decision reads are read; int8 and timestamps as text.
 */
const LOCK_NOTIFICATION_SQL =
  "select source, signature_valid, applied_at is not null as applied, dedupe_key, raw_body, result::text as result " +
  "from notifications where id = $1::bigint for update";
const ORDER_COLUMNS =
  "id::text as id, order_id, channel, status, amount::text as amount, paid_amount::text as paid_amount, " +
  "refunded_amount::text as refunded_amount, gopay_reference, payment_option";
// Core: only order_id is signed (transaction_id is not): never find the order by an unsigned field.
const LOCK_ORDER_SQL = {
  both: `select ${ORDER_COLUMNS} from orders where (order_id = $1 or gopay_reference = $2) limit 1 for update`,
  orderId: `select ${ORDER_COLUMNS} from orders where order_id = $1 limit 1 for update`,
  reference: `select ${ORDER_COLUMNS} from orders where gopay_reference = $1 limit 1 for update`,
};
const EARLIER_SQL =
  "select id::text as id from notifications where dedupe_key = $1 and id <> $2::bigint and applied_at is not null limit 1";
const UNKNOWN_ORDER_SQL =
  "update notifications set apply_error = 'unknown order', apply_attempts = apply_attempts + 1 where id = $1::bigint";
/** The notification's "applied" mark: `finish` alone, or with the order's change in APPLY_SQL. */
const FINISH_SET =
  "applied_at = $2::timestamptz, apply_error = null, apply_attempts = apply_attempts + 1, dedupe_key = $3, result = $4::jsonb";
const FINISH_SQL =
  `update notifications set ${FINISH_SET}, is_duplicate = is_duplicate or $5::boolean, out_of_order = out_of_order or $6::boolean ` +
  "where id = $1::bigint";
/**
 * The three writes of an applied change (the order, its history row, the notification's applied
 * mark) in one statement: data-modifying CTEs all run, once, inside the transaction and under the
 * locks already held. Which order columns move is decided by the flags (the same text every time).
 */
const APPLY_SQL =
  "with applied_event as (" +
  "insert into order_events (order_id, kind, title, actor_label, notification_id, detail) " +
  "values ($5::uuid, $6, $7, 'gopay', $1::bigint, $8::jsonb) returning id), " +
  `applied_mark as (update notifications set ${FINISH_SET} where id = $1::bigint returning id) ` +
  "update orders set status = $9, status_rank = $10::int, gopay_status = $11, " +
  "gopay_reference = coalesce(gopay_reference, $12), updated_at = $2::timestamptz, " +
  // entering paid: the paid amount and time
  "paid_amount = case when $13::boolean then $14::bigint else paid_amount end, " +
  "paid_at = case when $13::boolean then coalesce(paid_at, $15::timestamptz, $2::timestamptz) else paid_at end, " +
  // paid family: the payment option and the refunded total
  "payment_option = case when $16::boolean then $17 else payment_option end, " +
  "refunded_amount = case when $16::boolean then $18::bigint else refunded_amount end, " +
  // terminal failure: when it closed
  "closed_at = case when $19::boolean then coalesce(closed_at, $20::timestamptz, $2::timestamptz) else closed_at end " +
  "where id = $5::uuid";

/** The notification row as read under its lock. */
interface LockedNotification {
  id: bigint;
  source: NotificationRow["source"];
  signatureValid: boolean;
  applied: boolean;
  dedupeKey: string | null;
  rawBody: string;
  result: object | null;
}
/** The order columns an apply reads (an `orders` row fits). */
type LockedOrder = Pick<OrderRow, "id" | "orderId" | "channel" | "status" | "amount" | "paidAmount" | "refundedAmount" | "gopayReference" | "paymentOption">;

function lockedNotification(id: bigint, r: Record<string, unknown>): LockedNotification {
  return {
    id,
    source: r.source as NotificationRow["source"],
    signatureValid: r.signature_valid === true,
    applied: r.applied === true,
    dedupeKey: (r.dedupe_key as string | null) ?? null,
    rawBody: r.raw_body as string,
    result: typeof r.result === "string" ? (JSON.parse(r.result) as object | null) : null,
  };
}

function lockedOrder(r: Record<string, unknown>): LockedOrder {
  return {
    id: r.id as string,
    orderId: r.order_id as string,
    channel: r.channel as OrderRow["channel"],
    status: r.status as OrderStatus,
    amount: BigInt(r.amount as string),
    paidAmount: BigInt(r.paid_amount as string),
    refundedAmount: BigInt(r.refunded_amount as string),
    gopayReference: (r.gopay_reference as string | null) ?? null,
    paymentOption: (r.payment_option as OrderRow["paymentOption"]) ?? null,
  };
}

interface FinishSet {
  dedupeKey: string | null;
  result: Record<string, unknown>;
  isDuplicate?: boolean;
  outOfOrder?: boolean;
}

/** FINISH_SET's parameters $1–$4. Keeps what ingest recorded (a doubt check's confirmed status) beside the outcome. */
function finishParams(n: LockedNotification, now: Date, set: FinishSet): (string | null)[] {
  return [n.id.toString(), now.toISOString(), set.dedupeKey, jsonParam({ ...(n.result ?? {}), ...set.result })];
}

async function finish(q: RawQuery, n: LockedNotification, set: FinishSet) {
  await q(FINISH_SQL, [...finishParams(n, new Date(), set), set.isDuplicate === true, set.outOfOrder === true]);
}

function title(from: OrderStatus, to: OrderStatus, u: PaymentUpdate, refunded: bigint): string {
  if (to === "paid") return `Paid at GoPay${u.paymentOption ? ` (${u.paymentOption})` : ""}`;
  if (to === "partially_refunded" || to === "refunded")
    return `${to === "refunded" ? "Refunded" : "Partially refunded"}: ${formatIdr(refunded)} in total`;
  if (to === "authorised") return "Authorised at GoPay (hold)";
  return `Status ${from.replace("_", " ")} → ${to.replace("_", " ")}`;
}

/**
 * Applies one stored, verified payment notification to its order: idempotent and monotonic.
 * The notification row and then the order row are locked for the whole decision, so concurrent
 * deliveries of the same or competing notifications serialise: the first applies, a duplicate
 * sees it applied (same dedupe key) and adds no history, a late lower-ranked one changes nothing.
 *
 * A Core notification is a hint: without `input.confirmed` only outcomes that change no money
 * state are committed (duplicate, out of order, already the state); anything else returns
 * `needs_confirmation` having written nothing, and the caller asks GoPay and calls again.
 */
export async function applyPaymentNotification(id: bigint, database: Db = appDb(), input: ApplyInput = {}): Promise<ApplyOutcome> {
  const s = input.stored;
  // Known up front only for a payment row ingest just stored (a pay-account row is never applied here).
  const pre = s && s.id === id && s.signatureValid && (s.source === "snap_debit" || s.source === "core_payment") ? readUpdate(s, input) : undefined;
  const idText = id.toString();
  return database.transaction(async (tx) => {
    const q = rawQuery(tx);
    const lockRow = () => q(LOCK_NOTIFICATION_SQL, [idText]).then((r) => r.map((x) => lockedNotification(id, x)));
    const lockOrder = (u: PaymentUpdate, source: NotificationRow["source"]): Promise<LockedOrder[]> => {
      const ref = u.gopayReference && source === "snap_debit" ? u.gopayReference : undefined;
      const rows = u.orderId
        ? ref
          ? q(LOCK_ORDER_SQL.both, [u.orderId, ref])
          : q(LOCK_ORDER_SQL.orderId, [u.orderId])
        : ref
          ? q(LOCK_ORDER_SQL.reference, [ref])
          : undefined;
      return rows ? rows.then((r) => r.map(lockedOrder)) : Promise.resolve([]);
    };
    const earlierOf = (dedupe: string) => q<{ id: string }>(EARLIER_SQL, [dedupe, idText]);
    /** The whole order row (already locked), for the rarer steps that take one: holds, refunds. */
    const fullOrder = async (orderId: string): Promise<OrderRow> => (await tx.select().from(orders).where(eq(orders.id, orderId)))[0]!;

    // Pipelined: one round trip, run in this order inside the transaction — the notification's lock
    // before the order's, as on the sequential path, so the lock order never differs.
    const [[n], preOrder, preEarlier] = pre
      ? await Promise.all([lockRow(), lockOrder(pre.u, s!.source), pre.dedupe ? earlierOf(pre.dedupe) : Promise.resolve([])])
      : [await lockRow(), undefined, undefined];
    if (!n || n.applied) return { state: "already" } as const;
    if (!n.signatureValid || (n.source !== "snap_debit" && n.source !== "core_payment")) return { state: "not_applicable" } as const;

    // An unapplied row is as ingest stored it; should it differ, everything is read again under the lock.
    const usePre = pre !== undefined && n.source === s!.source && n.dedupeKey === s!.dedupeKey && n.rawBody === s!.rawBody;
    const { u, trusted, dedupe } = usePre ? pre : readUpdate(n, input);
    const confirmation = input.confirmed ? { confirmed: confirmedSummary(input.confirmed) } : {};
    const needsConfirmation = () => ({ state: "needs_confirmation", orderId: u.orderId! }) as const;
    const [order] = usePre ? preOrder! : await lockOrder(u, n.source);
    if (!order) {
      // GoPay must not retry forever (we answer 200); the sweep retries a few times in case the
      // order row is written just after the notification arrives.
      await q(UNKNOWN_ORDER_SQL, [idText]);
      return { state: "unknown_order" } as const;
    }

    // An applied row's key is the state that took effect (a Core row gets its confirmed state's key
    // below), so a match is a repeat of what is already applied: nothing to confirm or apply.
    if (dedupe) {
      const [earlier] = usePre ? preEarlier! : await earlierOf(dedupe);
      if (earlier) {
        await finish(q, n, { isDuplicate: true, dedupeKey: dedupe, result: { action: "duplicate", of: earlier.id, ...confirmation } });
        return { state: "duplicate" } as const;
      }
    }

    if (!u.signal) {
      // A Core status we cannot map may still mean something happened: GoPay's status says what.
      if (!trusted) return needsConfirmation();
      await finish(q, n, { dedupeKey: dedupe, result: { action: "ignored", why: u.ignored ?? "no status", ...confirmation } });
      return { state: "ignored" } as const;
    }

    // A pre-auth hold decides whether a Core `cancel` was our release or its lapse (HOLDS' rules).
    let signal: PaymentSignal = u.signal;
    if (order.channel === "preauth" && u.coreStatus) {
      const full = await fullOrder(order.id);
      if (!trusted && (await holdChangeImplied(tx, full, u.coreStatus))) return needsConfirmation();
      const held = await applyHoldPaymentState(tx, full, u.coreStatus, id);
      if (u.coreStatus === "cancel" && held.hold?.status === "expired") signal = { ...signal, status: "expired" };
    }

    const cur = { status: order.status, paidAmount: order.paidAmount, refundedAmount: order.refundedAmount, amount: order.amount };
    const target = targetOf(cur, signal);
    const decision = decide(cur, target);

    if (decision === "out_of_order") {
      await finish(q, n, { outOfOrder: true, dedupeKey: dedupe, result: { action: "out_of_order", current: order.status, claimed: target.status, ...confirmation } });
      return { state: "out_of_order" } as const;
    }
    if (decision === "same") {
      // Nothing moves, but the refund rows may still settle (GoPay's word on a refund we sent).
      if (u.refundHistory?.length && isPaidFamily(order.status)) {
        if (!trusted) return needsConfirmation();
        await applyRefundHistory(tx, order, u.refundHistory, id);
      }
      await finish(q, n, { dedupeKey: dedupe, result: { action: "no_change", status: order.status, ...confirmation } });
      return { state: "no_change" } as const;
    }
    if (!trusted) return needsConfirmation();

    const now = new Date();
    const to = target.status;
    const enteringPaid = isPaidFamily(to) && !isPaidFamily(order.status);
    const closingUnpaid = isTerminalFailure(to) && !isTerminalFailure(order.status);
    const paidFamily = isPaidFamily(to);
    const paidAmount = enteringPaid ? (order.paidAmount > 0n ? order.paidAmount : (u.amount ?? order.amount)) : order.paidAmount;
    const paymentOption = paidFamily ? (order.paymentOption ?? u.paymentOption ?? null) : undefined;
    const detail = {
      before: order.status,
      after: to,
      gopayStatus: signal.gopayStatus,
      source: n.source,
      refundedAmount: paidFamily ? target.refundedAmount : undefined,
      paymentOption: paymentOption ?? undefined,
    };
    const applyParams = [
      ...finishParams(n, now, { dedupeKey: dedupe, result: { action: "applied", from: order.status, to, ...confirmation } }),
      order.id,
      to !== order.status ? "status.changed" : "notification",
      title(order.status, to, u, target.refundedAmount),
      jsonParam(detail),
      to,
      String(STATUS_RANK[to]),
      signal.gopayStatus ?? null,
      order.gopayReference ?? u.gopayReference ?? null,
      enteringPaid,
      paidAmount.toString(),
      enteringPaid && u.paidAt ? u.paidAt.toISOString() : null,
      paidFamily,
      paymentOption ?? null,
      target.refundedAmount.toString(),
      isTerminalFailure(to),
      isTerminalFailure(to) && u.finishedAt ? u.finishedAt.toISOString() : null,
    ];
    // Every change of money state is audited, whoever caused it: here GoPay, through a
    // notification signed whole (SNAP) or confirmed by its status answer (Core). Sent pipelined with
    // the update (one round trip), in the same transaction; the paid amount is the one it writes.
    const auditRow = auditParams({
      actor: { email: "gopay" },
      action: "order.status_changed",
      targetType: "order",
      targetId: order.orderId,
      amount: paidFamily ? paidAmount : order.amount,
      result: "ok",
      detail: {
        from: order.status,
        to,
        gopayStatus: signal.gopayStatus,
        refundedAmount: paidFamily ? target.refundedAmount : undefined,
        notificationId: id,
        source: n.source,
        confirmedBy: n.source === "core_payment" ? "status" : "signature",
      },
    });
    await Promise.all([
      q(APPLY_SQL, applyParams),
      q(AUDIT_INSERT_SQL, auditRow),
      // REMINDERS: the payment reminders of an order that is paid, or closed unpaid, are removed at
      // GoPay (a job enqueued in this transaction); sent after the two above, in the same round trip.
      enteringPaid || closingUnpaid
        ? removeRemindersOfOrder(tx, order, enteringPaid ? "order_paid" : "order_closed", { email: "gopay" })
        : undefined,
    ]);

    if (u.refundHistory?.length) {
      // REFUNDS settles our refund rows and records refunds made outside Loket; it recomputes
      // refunded_amount from the rows, so keep the rank in step if that moved the status.
      const r = await applyRefundHistory(tx, order, u.refundHistory, id);
      if (r.status !== to) await tx.update(orders).set({ statusRank: STATUS_RANK[r.status] }).where(eq(orders.id, order.id));
    }

    return { state: "applied", from: order.status, to } as const;
  });
}

/** What GoPay's status answer said, kept on the notification row beside the outcome. */
function confirmedSummary(c: CorePaymentState) {
  return json({ transactionStatus: c.transactionStatus, grossAmount: c.grossAmount, refundAmount: c.refundAmount, refunds: c.refunds.length });
}
