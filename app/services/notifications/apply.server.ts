import { and, eq, isNotNull, ne, or, sql } from "drizzle-orm";
import { notifications, orderEvents, orders, type OrderStatus } from "~db/schema";
import { db as appDb, type Db, type Tx } from "~/db/client.server";
import { parseVerifiedCorePaymentNotification, parseVerifiedSnapNotification, type CorePaymentState } from "~/gopay/notifications.server";
import { formatIdr } from "~/lib/money";
import { audit } from "~/services/audit.server";
import { applyHoldPaymentState, holdChangeImplied } from "~/services/holds/apply.server";
import { applyRefundHistory } from "~/services/refunds/apply.server";
import { removeRemindersOfPaidOrder } from "~/services/reminders/delete.server";
import { STATUS_RANK, decide, isPaidFamily, isTerminalFailure, targetOf, type PaymentSignal } from "~/services/payments/state";
import { coreDedupeKey, coreUpdate, snapUpdate, type PaymentUpdate } from "./signal.server";

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
  stored?: Pick<NotificationRow, "id" | "source" | "signatureValid" | "rawBody" | "dedupeKey">;
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

function readUpdate(n: Pick<NotificationRow, "source" | "rawBody" | "dedupeKey">, input: ApplyInput): ReadUpdate {
  if (n.source === "snap_debit") return { u: snapUpdate(parseVerifiedSnapNotification(n.rawBody)), trusted: true, dedupe: n.dedupeKey };
  if (input.confirmed) return { u: coreUpdate(input.confirmed), trusted: true, dedupe: coreDedupeKey(input.confirmed) };
  return { u: coreUpdate(parseVerifiedCorePaymentNotification(n.rawBody).state), trusted: false, dedupe: n.dedupeKey };
}

/** The notification's "applied" mark, unexecuted: `finish` runs it alone, or it rides in a CTE. */
function finishQuery(tx: Tx, n: NotificationRow, set: Partial<typeof notifications.$inferInsert>) {
  // Keep what ingest recorded (a doubt check's confirmed status) beside the outcome.
  const result = { ...((n.result as object | null) ?? {}), ...((set.result as object | undefined) ?? {}) };
  return tx
    .update(notifications)
    .set({ appliedAt: new Date(), applyError: null, applyAttempts: sql`${notifications.applyAttempts} + 1`, ...set, result })
    .where(eq(notifications.id, n.id));
}

async function finish(tx: Tx, n: NotificationRow, set: Partial<typeof notifications.$inferInsert>) {
  await finishQuery(tx, n, set);
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
  return database.transaction(async (tx) => {
    const lockRow = () => tx.select().from(notifications).where(eq(notifications.id, id)).for("update");
    // Core: only order_id is signed (transaction_id is not): never find the order by an unsigned field.
    const lockOrder = (u: PaymentUpdate, source: NotificationRow["source"]): Promise<OrderRow[]> => {
      const byRef = [
        u.orderId ? eq(orders.orderId, u.orderId) : undefined,
        u.gopayReference && source === "snap_debit" ? eq(orders.gopayReference, u.gopayReference) : undefined,
      ].filter((c) => c !== undefined);
      return byRef.length ? tx.select().from(orders).where(or(...byRef)).limit(1).for("update").then((r) => r) : Promise.resolve([]);
    };
    const earlierOf = (dedupe: string): Promise<{ id: bigint }[]> =>
      tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.dedupeKey, dedupe), ne(notifications.id, id), isNotNull(notifications.appliedAt)))
        .limit(1)
        .then((r) => r);

    // Pipelined: one round trip, run in this order inside the transaction — the notification's lock
    // before the order's, as on the sequential path, so the lock order never differs.
    const [[n], preOrder, preEarlier] = pre
      ? await Promise.all([lockRow(), lockOrder(pre.u, s!.source), pre.dedupe ? earlierOf(pre.dedupe) : Promise.resolve([])])
      : [await lockRow(), undefined, undefined];
    if (!n || n.appliedAt) return { state: "already" } as const;
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
      await tx
        .update(notifications)
        .set({ applyError: "unknown order", applyAttempts: sql`${notifications.applyAttempts} + 1` })
        .where(eq(notifications.id, id));
      return { state: "unknown_order" } as const;
    }

    // An applied row's key is the state that took effect (a Core row gets its confirmed state's key
    // below), so a match is a repeat of what is already applied: nothing to confirm or apply.
    if (dedupe) {
      const [earlier] = usePre ? preEarlier! : await earlierOf(dedupe);
      if (earlier) {
        await finish(tx, n, { isDuplicate: true, dedupeKey: dedupe, result: { action: "duplicate", of: earlier.id.toString(), ...confirmation } });
        return { state: "duplicate" } as const;
      }
    }

    if (!u.signal) {
      // A Core status we cannot map may still mean something happened: GoPay's status says what.
      if (!trusted) return needsConfirmation();
      await finish(tx, n, { dedupeKey: dedupe, result: { action: "ignored", why: u.ignored ?? "no status", ...confirmation } });
      return { state: "ignored" } as const;
    }

    // A pre-auth hold decides whether a Core `cancel` was our release or its lapse (HOLDS' rules).
    let signal: PaymentSignal = u.signal;
    if (order.channel === "preauth" && u.coreStatus) {
      if (!trusted && (await holdChangeImplied(tx, order, u.coreStatus))) return needsConfirmation();
      const held = await applyHoldPaymentState(tx, order, u.coreStatus, id);
      if (u.coreStatus === "cancel" && held.hold?.status === "expired") signal = { ...signal, status: "expired" };
    }

    const cur = { status: order.status, paidAmount: order.paidAmount, refundedAmount: order.refundedAmount, amount: order.amount };
    const target = targetOf(cur, signal);
    const decision = decide(cur, target);

    if (decision === "out_of_order") {
      await finish(tx, n, { outOfOrder: true, dedupeKey: dedupe, result: { action: "out_of_order", current: order.status, claimed: target.status, ...confirmation } });
      return { state: "out_of_order" } as const;
    }
    if (decision === "same") {
      // Nothing moves, but the refund rows may still settle (GoPay's word on a refund we sent).
      if (u.refundHistory?.length && isPaidFamily(order.status)) {
        if (!trusted) return needsConfirmation();
        await applyRefundHistory(tx, order, u.refundHistory, id);
      }
      await finish(tx, n, { dedupeKey: dedupe, result: { action: "no_change", status: order.status, ...confirmation } });
      return { state: "no_change" } as const;
    }
    if (!trusted) return needsConfirmation();

    const now = new Date();
    const to = target.status;
    const enteringPaid = isPaidFamily(to) && !isPaidFamily(order.status);
    const patch: Partial<typeof orders.$inferInsert> = {
      status: to,
      statusRank: STATUS_RANK[to],
      gopayStatus: signal.gopayStatus,
      gopayReference: order.gopayReference ?? u.gopayReference ?? null,
      updatedAt: now,
    };
    if (enteringPaid) {
      patch.paidAmount = order.paidAmount > 0n ? order.paidAmount : (u.amount ?? order.amount);
      patch.paidAt = order.paidAt ?? u.paidAt ?? now;
    }
    if (isPaidFamily(to)) {
      patch.paymentOption = order.paymentOption ?? u.paymentOption ?? null;
      patch.refundedAmount = target.refundedAmount;
    }
    if (isTerminalFailure(to)) patch.closedAt = order.closedAt ?? u.finishedAt ?? now;
    // The three writes of an applied change (the order, its history row, the notification's
    // applied mark) in one statement: data-modifying CTEs all run, once, inside this transaction
    // and under the locks taken above. Saves two round trips per notification (docs/benchmarks.md).
    const event = tx.$with("applied_event").as(
      tx
        .insert(orderEvents)
        .values({
          orderId: order.id,
          kind: to !== order.status ? "status.changed" : "notification",
          title: title(order.status, to, u, target.refundedAmount),
          actorLabel: "gopay",
          notificationId: id,
          detail: json({
            before: order.status,
            after: to,
            gopayStatus: signal.gopayStatus,
            source: n.source,
            refundedAmount: isPaidFamily(to) ? target.refundedAmount : undefined,
            paymentOption: patch.paymentOption ?? undefined,
          }),
        })
        .returning({ id: orderEvents.id }),
    );
    const mark = tx
      .$with("applied_mark")
      .as(finishQuery(tx, n, { dedupeKey: dedupe, result: { action: "applied", from: order.status, to, ...confirmation } }).returning({ id: notifications.id }));
    // Every change of money state is audited, whoever caused it: here GoPay, through a
    // notification signed whole (SNAP) or confirmed by its status answer (Core). Sent pipelined with
    // the update (one round trip), in the same transaction; the paid amount is the one it writes.
    const [[after]] = await Promise.all([
      tx.with(event, mark).update(orders).set(patch).where(eq(orders.id, order.id)).returning(),
      audit(tx, {
        actor: { email: "gopay" },
        action: "order.status_changed",
        targetType: "order",
        targetId: order.orderId,
        amount: isPaidFamily(to) ? (patch.paidAmount ?? order.paidAmount) : order.amount,
        result: "ok",
        detail: {
          from: order.status,
          to,
          gopayStatus: signal.gopayStatus,
          refundedAmount: isPaidFamily(to) ? target.refundedAmount : undefined,
          notificationId: id,
          source: n.source,
          confirmedBy: n.source === "core_payment" ? "status" : "signature",
        },
      }),
    ]);

    // REMINDERS: a paid order's payment reminders are removed at GoPay (a job enqueued in this transaction).
    if (enteringPaid) await removeRemindersOfPaidOrder(tx, order);

    if (u.refundHistory?.length) {
      // REFUNDS settles our refund rows and records refunds made outside Loket; it recomputes
      // refunded_amount from the rows, so keep the rank in step if that moved the status.
      const r = await applyRefundHistory(tx, after as OrderRow, u.refundHistory, id);
      if (r.status !== to) await tx.update(orders).set({ statusRank: STATUS_RANK[r.status] }).where(eq(orders.id, order.id));
    }

    return { state: "applied", from: order.status, to } as const;
  });
}

/** What GoPay's status answer said, kept on the notification row beside the outcome. */
function confirmedSummary(c: CorePaymentState) {
  return json({ transactionStatus: c.transactionStatus, grossAmount: c.grossAmount, refundAmount: c.refundAmount, refunds: c.refunds.length });
}
