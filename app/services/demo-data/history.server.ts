import { randomUUID } from "node:crypto";
import { and, eq, gte, inArray, like } from "drizzle-orm";
import { customers, holds, notifications, operations, orderEvents, orders, payAccountEvents, payAccounts, refunds } from "~db/schema";
import type { Db } from "~/db/client.server";
import { encryptSecret } from "~/lib/crypto.server";
import { formatIdr } from "~/lib/money";
import { dedupeKey } from "~/services/notifications/signal.server";
import { STATUS_RANK } from "~/services/payments/state";
import { HISTORY_DAYS, HISTORY_PREFIX, historyCustomers, historyDay, stableUuid, wibDayStart, type HistoryCustomer, type HistoryOrder } from "./history-plan";

/**
 * The FAST PATH of the demo: writes the bulk history of history-plan.ts straight into Loket's
 * tables (no GoPay calls), as the services would have written it: the order, its creation call
 * (operation), GoPay's notification stored and applied a second after the outcome, the timeline
 * rows, holds, refunds with their operations, customers with their mini-app sessions, pay
 * accounts with their link/unbind history. Times come from the plan, so every row is consistent.
 *
 * Idempotent and incremental: customers and accounts are inserted once (by merchant user id /
 * account id); orders are generated per WIB day from the date, and only the ids not yet present
 * are inserted, so a second start adds nothing and a start on a later day tops up the new days
 * (and the rest of today). The history's orders and accounts exist only in Loket, not at the
 * sandbox: a manual "resync" of one is answered "not found" (the representative sample in
 * seed.server.ts is the part that went through the real paths).
 */
export interface HistoryActors {
  finance: { id: string; email: string };
  support: { id: string; email: string };
}

const API_LABEL = "api:demo-seed";
const CHUNK = 300;

export async function seedHistory(database: Db, actors: HistoryActors, now = new Date()): Promise<{ orders: number; customers: number; accounts: number; refunds: number }> {
  const plan = historyCustomers(now);
  const stats = { orders: 0, customers: 0, accounts: 0, refunds: 0 };

  // ── Customers (mini-app sessions) and their pay accounts: once each ─────────────────────────
  const insertedCustomers = await database
    .insert(customers)
    .values(
      plan.map((c) => ({
        merchantUserId: c.merchantUserId,
        name: c.name,
        phone: c.phone,
        email: c.email,
        gopayAccountId: c.session ? c.gopayAccountId : null,
        zone: c.zone,
        authTokenEnc: c.session ? encryptSecret(`AT-demo-${c.merchantUserId}`) : null,
        profile: c.session ? { name: c.name, email: c.email, phone_number: `+${c.phone}` } : null,
        profileFetchedAt: c.session ? new Date(c.createdAt.getTime() + 90_000) : null,
        createdAt: c.createdAt,
        updatedAt: c.session ? new Date(c.createdAt.getTime() + 90_000) : c.createdAt,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: customers.id });
  stats.customers = insertedCustomers.length;
  const customerRows = await database
    .select({ id: customers.id, merchantUserId: customers.merchantUserId })
    .from(customers)
    .where(inArray(customers.merchantUserId, plan.map((c) => c.merchantUserId)));
  const customerId = new Map(customerRows.map((r) => [r.merchantUserId, r.id]));

  const withAccount = plan.filter((c) => c.account);
  const newAccounts = await database
    .insert(payAccounts)
    .values(
      withAccount.map((c) => {
        const a = c.account!;
        return {
          accountId: a.accountId,
          customerId: customerId.get(c.merchantUserId) ?? null,
          customerMatchedBy: "merchant_user_id" as const,
          phone: c.phone,
          status: a.status,
          paymentOptions:
            a.status === "ENABLED"
              ? [
                  { name: "GOPAY_WALLET", active: true, balance: String(BigInt(250_000 + c.i * 1_731) * 100n), tokenPresent: true },
                  { name: "PAY_LATER", active: true, balance: "500000000", tokenPresent: true },
                  { name: "GOPAY_SAVINGS", active: c.i % 3 === 0, balance: "1000000000", tokenPresent: c.i % 3 === 0 },
                ]
              : null,
          refreshedAt: a.linkedAt ?? null,
          disabledReason: a.status === "DISABLED" ? "Unbound" : null,
          createdAt: a.createdAt,
          updatedAt: a.unboundAt ?? a.expiredAt ?? a.linkedAt ?? a.createdAt,
        };
      }),
    )
    .onConflictDoNothing()
    .returning({ id: payAccounts.id, accountId: payAccounts.accountId });
  stats.accounts = newAccounts.length;
  if (newAccounts.length) {
    const byAccount = new Map(withAccount.map((c) => [c.account!.accountId, c]));
    const events: Array<typeof payAccountEvents.$inferInsert> = [];
    for (const row of newAccounts) {
      const c = byAccount.get(row.accountId)!;
      const a = c.account!;
      events.push({ payAccountId: row.id, at: a.createdAt, kind: "created", source: "merchant_api", statusBefore: null, statusAfter: "PENDING", actorLabel: API_LABEL });
      if (a.linkedAt) events.push({ payAccountId: row.id, at: a.linkedAt, kind: "linked", statusBefore: "PENDING", statusAfter: "ENABLED", actorLabel: "gopay", detail: { gopayStatusCode: "200" } });
      if (a.unboundAt)
        events.push({
          payAccountId: row.id,
          at: a.unboundAt,
          kind: "unbind",
          source: a.unbindSource,
          statusBefore: "ENABLED",
          statusAfter: "DISABLED",
          reason: a.unbindSource === "staff" ? "Customer asked support to remove the link" : null,
          actorId: a.unbindSource === "staff" ? actors.support.id : null,
          actorLabel: a.unbindSource === "staff" ? actors.support.email : "gopay",
        });
      if (a.expiredAt) events.push({ payAccountId: row.id, at: a.expiredAt, kind: "expired", statusBefore: "PENDING", statusAfter: "EXPIRED", actorLabel: "gopay" });
    }
    await database.insert(payAccountEvents).values(events);
  }
  // What is stored wins over what this run computed (link/unbind times were planned relative to the
  // first run's clock): a later start must not put a tokenized order outside the account's life.
  await alignAccountsWithStored(database, plan);
  const accountRowId = new Map(
    (
      await database
        .select({ id: payAccounts.id, accountId: payAccounts.accountId })
        .from(payAccounts)
        .where(inArray(payAccounts.accountId, withAccount.length ? withAccount.map((c) => c.account!.accountId) : [""]))
    ).map((r) => [r.accountId, r.id]),
  );

  // ── Orders: the days of the window, only the ids not yet present ────────────────────────────
  const windowStart = wibDayStart(now, HISTORY_DAYS - 1);
  const present = new Set(
    (
      await database
        .select({ orderId: orders.orderId })
        .from(orders)
        .where(and(like(orders.orderId, `${HISTORY_PREFIX}%`), gte(orders.createdAt, windowStart)))
    ).map((r) => r.orderId),
  );
  const todo: HistoryOrder[] = [];
  for (let d = HISTORY_DAYS - 1; d >= 0; d--) for (const o of historyDay(now, d, plan)) if (!present.has(o.orderId)) todo.push(o);
  const byI = new Map(plan.map((c) => [c.i, c]));
  for (let k = 0; k < todo.length; k += CHUNK) {
    const chunk = todo.slice(k, k + CHUNK);
    await database.transaction(async (tx) => {
      const rows = buildRows(chunk, byI, customerId, accountRowId, actors);
      await tx.insert(orders).values(rows.orders);
      await tx.insert(operations).values(rows.operations);
      const notes = rows.notifications.length ? await tx.insert(notifications).values(rows.notifications).returning({ id: notifications.id, reference: notifications.reference }) : [];
      const noteId = new Map(notes.map((n) => [n.reference, n.id]));
      if (rows.holds.length) await tx.insert(holds).values(rows.holds);
      if (rows.refunds.length) await tx.insert(refunds).values(rows.refunds);
      await tx.insert(orderEvents).values(rows.events.map((e) => (e.notificationOf ? { ...e.row, notificationId: noteId.get(e.notificationOf) ?? null } : e.row)));
    });
    stats.orders += chunk.length;
    stats.refunds += chunk.reduce((n, o) => n + o.refunds.length, 0);
  }
  return stats;
}

async function alignAccountsWithStored(database: Db, plan: HistoryCustomer[]): Promise<void> {
  const ids = plan.filter((c) => c.account).map((c) => c.account!.accountId);
  if (!ids.length) return;
  const stored = await database
    .select({ accountId: payAccounts.accountId, status: payAccounts.status, kind: payAccountEvents.kind, at: payAccountEvents.at })
    .from(payAccounts)
    .leftJoin(payAccountEvents, eq(payAccountEvents.payAccountId, payAccounts.id))
    .where(inArray(payAccounts.accountId, ids));
  const by = new Map<string, { status: string; linkedAt?: Date; unboundAt?: Date }>();
  for (const r of stored) {
    const x = by.get(r.accountId) ?? { status: r.status };
    if (r.kind === "linked" && r.at) x.linkedAt = r.at;
    if (r.kind === "unbind" && r.at) x.unboundAt = r.at;
    by.set(r.accountId, x);
  }
  for (const c of plan) {
    if (!c.account) continue;
    const s = by.get(c.account.accountId);
    if (!s) continue;
    c.account.linkedAt = s.linkedAt;
    c.account.unboundAt = s.unboundAt;
  }
}

type EventRow = { row: typeof orderEvents.$inferInsert; notificationOf?: string };

const wib = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
const snapTime = (d: Date) => `${wib(d)}+07:00`;
const coreTime = (d: Date) => wib(d).replace("T", " ");
const idr = (minor: bigint) => ({ value: `${minor / 100n}.00`, currency: "IDR" });
const coreAmount = (minor: bigint) => `${minor / 100n}.00`;
const later = (d: Date, ms: number) => new Date(d.getTime() + ms);
const statusWords = (s: string) => s.replace("_", " ");

function buildRows(
  chunk: HistoryOrder[],
  byI: Map<number, HistoryCustomer>,
  customerId: Map<string | null, string>,
  accountRowId: Map<string, string>,
  actors: HistoryActors,
) {
  const out = {
    orders: [] as Array<typeof orders.$inferInsert>,
    operations: [] as Array<typeof operations.$inferInsert>,
    notifications: [] as Array<typeof notifications.$inferInsert>,
    holds: [] as Array<typeof holds.$inferInsert>,
    refunds: [] as Array<typeof refunds.$inferInsert>,
    events: [] as EventRow[],
  };
  for (const o of chunk) {
    const c = byI.get(o.customer)!;
    const id = randomUUID();
    const snap = o.channel === "deeplink";
    const ref = snap ? `A12${o.orderId.replace(/\D/g, "")}${o.orderId.slice(-2)}` : stableUuid(`tx-${o.orderId}`);
    const externalId = randomUUID();
    const refunded = o.refunds.filter((r) => r.status === "succeeded").reduce((t, r) => t + r.amount, 0n);
    const lastAt = [o.createdAt, o.paidAt, o.closedAt, o.notifiedAt, o.hold?.at, ...o.refunds.map((r) => r.settledAt)].filter((d): d is Date => !!d).reduce((a, b) => (b > a ? b : a));
    out.orders.push({
      id,
      orderId: o.orderId,
      gopayReference: ref,
      channel: o.channel,
      paymentOption: o.paymentOption,
      status: o.status,
      statusRank: STATUS_RANK[o.status],
      gopayStatus: o.gopayStatus,
      amount: o.amount,
      paidAmount: o.paidAt ? o.amount : 0n,
      refundedAmount: refunded,
      customerId: customerId.get(c.merchantUserId) ?? null,
      // As the services write them: a payment matched by the merchant user id, a charge by its
      // account; both carry the customer's name, phone and email.
      customerMatchedBy: snap ? "merchant_user_id" : "account",
      customerName: c.name,
      customerPhone: c.phone,
      customerEmail: c.email,
      payAccountId: snap ? null : (accountRowId.get(c.account!.accountId) ?? null),
      popId: snap ? "POP-LOKET-DEMO" : null,
      externalId,
      deeplink: snap ? `gopay://merchanttransfer?tref=${ref}` : null,
      metadata: { source: API_LABEL },
      createdAt: o.createdAt,
      paidAt: o.paidAt ?? null,
      expiresAt: o.expiresAt ?? null,
      closedAt: o.closedAt ?? null,
      updatedAt: lastAt,
    });
    const opKind = snap ? "payment.create" : "charge";
    out.operations.push({
      kind: opKind,
      idempotencyKey: externalId,
      orderId: id,
      targetType: "order",
      targetId: o.orderId,
      amount: o.amount,
      status: "succeeded",
      request: snap
        ? { amount: o.amount.toString(), order_id: o.orderId, valid_minutes: 15 }
        : { amount: o.amount.toString(), order_id: o.orderId, pre_auth: o.channel === "preauth", account_id: c.account!.accountId, expiry_minutes: o.channel === "preauth" ? Math.round((o.expiresAt!.getTime() - o.createdAt.getTime()) / 60_000) : null },
      response: snap ? { referenceNo: ref, responseCode: "2005400", responseMessage: "Successful" } : { orderId: o.orderId, statusCode: o.status === "failed" ? "202" : "200", transactionId: ref, transactionStatus: o.channel === "preauth" ? "authorize" : o.gopayStatus },
      responseCode: snap ? "2005400" : o.status === "failed" ? "202" : "200",
      attempts: 1,
      actorLabel: API_LABEL,
      createdAt: o.createdAt,
      updatedAt: later(o.createdAt, 320),
      settledAt: later(o.createdAt, 320),
    });
    const ev = (at: Date, kind: string, title: string, extra: Partial<typeof orderEvents.$inferInsert> = {}, notificationOf?: string) =>
      out.events.push({ row: { orderId: id, at, kind, title, ...extra }, notificationOf });
    ev(o.createdAt, "created", snap ? "Payment created via the merchant API" : o.channel === "tokenized" ? "Charge requested via the merchant API" : "Pre-auth hold requested via the merchant API", { actorLabel: API_LABEL });

    // GoPay's notification of the outcome (stored raw, verified, applied a few ms later).
    const notify = (at: Date, statusCode: string, applied: "applied" | "no_change", from: string, to: string) => {
      const body = snap
        ? {
            originalReferenceNo: ref,
            originalPartnerReferenceNo: o.orderId,
            originalExternalId: externalId,
            merchantId: "G000000001",
            latestTransactionStatus: statusCode,
            transactionStatusDesc: { "00": "Success", "05": "Cancelled", "06": "Failed", "08": "Expired" }[statusCode] ?? statusCode,
            createdTime: snapTime(o.createdAt),
            finishedTime: snapTime(o.paidAt ?? o.closedAt ?? at),
            amount: idr(o.amount),
            additionalInfo: o.paymentOption ? { userPaymentDetails: [{ payOption: o.paymentOption, transAmount: idr(o.amount) }] } : {},
          }
        : {
            status_code: statusCode === "settlement" ? "200" : statusCode === "deny" ? "202" : "407",
            transaction_id: ref,
            order_id: o.orderId,
            gross_amount: coreAmount(o.amount),
            currency: "IDR",
            payment_type: "gopay",
            transaction_time: coreTime(o.createdAt),
            transaction_status: statusCode,
            fraud_status: "accept",
            status_message: "midtrans payment notification",
          };
      out.notifications.push({
        receivedAt: at,
        source: snap ? "snap_debit" : "core_payment",
        headers: snap ? { "content-type": "application/json", "x-timestamp": snapTime(later(at, -400)), "x-partner-id": "LOKET-DEMO", "x-external-id": externalId } : { "content-type": "application/json", "user-agent": "Veritrans" },
        rawBody: JSON.stringify(body),
        signatureValid: true,
        verification: "ok",
        reference: o.orderId,
        externalId: snap ? externalId : null,
        statusCode,
        dedupeKey: dedupeKey(snap ? "snap_debit" : "core_payment", o.orderId, statusCode),
        appliedAt: later(at, 35),
        applyAttempts: 1,
        result: applied === "applied" ? { action: "applied", from, to } : { action: "no_change", status: to },
      });
    };

    if (o.channel === "deeplink") {
      if (o.status === "cancelled") {
        const at = o.closedAt!;
        out.operations.push({ kind: "cancel", idempotencyKey: `CN${externalId.replaceAll("-", "")}`, orderId: id, targetType: "order", targetId: o.orderId, status: "succeeded", responseCode: "2005700", attempts: 1, actorId: actors.support.id, actorLabel: actors.support.email, createdAt: later(at, -300), updatedAt: at, settledAt: at });
        ev(at, "cancel.succeeded", "Order cancelled at GoPay", { actorId: actors.support.id, actorLabel: actors.support.email });
      } else if (o.notifiedAt) {
        const to = o.paidAt ? "paid" : o.status;
        notify(o.notifiedAt, o.gopayStatus!, "applied", "pending", to);
        ev(o.notifiedAt, "status.changed", to === "paid" ? `Paid at GoPay (${o.paymentOption})` : `Status pending → ${statusWords(to)}`, {
          actorLabel: "gopay",
          detail: { before: "pending", after: to, gopayStatus: o.gopayStatus, source: "snap_debit", ...(to === "paid" ? { refundedAmount: "0", paymentOption: o.paymentOption } : {}) },
        }, o.orderId);
      }
    } else if (o.channel === "tokenized") {
      const at = o.paidAt ?? o.closedAt!;
      const to = o.paidAt ? "paid" : "failed";
      ev(at, "status.changed", `Charge ${o.gopayStatus} at GoPay`, { actorLabel: "gopay", detail: { before: "pending", after: to, gopayStatus: o.gopayStatus } });
      if (o.notifiedAt) notify(o.notifiedAt, o.gopayStatus!, "no_change", to, to);
    } else {
      const h = o.hold!;
      const holdId = randomUUID();
      const authorisedAt = later(o.createdAt, 48);
      ev(authorisedAt, "hold.authorised", "Hold authorised", { actorLabel: "loket", detail: { expiresAt: h.expiresAt.toISOString() } });
      ev(authorisedAt, "status.changed", "Charge authorize at GoPay", { actorLabel: "gopay", detail: { before: "pending", after: "authorised", gopayStatus: "authorize" } });
      out.holds.push({
        id: holdId,
        orderId: id,
        amount: o.amount,
        status: h.fate,
        authorisedAt,
        expiresAt: h.expiresAt,
        capturedAt: h.fate === "captured" ? h.at : null,
        releasedAt: h.fate === "released" ? h.at : null,
        expiredAt: h.fate === "expired" ? h.at : null,
        releaseReason: h.fate === "released" ? "Customer returned the rental early" : null,
        settledBy: h.fate === "expired" ? null : actors.finance.id,
        createdAt: authorisedAt,
        updatedAt: h.at,
      });
      if (h.fate === "expired") {
        ev(h.at, "hold.expired", "Hold expired", { actorLabel: "loket", detail: { gopayStatus: "expire" } });
        ev(h.at, "status.changed", "Status authorised → expired", { actorLabel: "gopay", detail: { before: "authorised", after: "expired", gopayStatus: "expire" } }, o.orderId);
        notify(o.notifiedAt ?? later(h.at, 900), "expire", "applied", "authorised", "expired");
      } else {
        const capture = h.fate === "captured";
        const gopayStatus = capture ? "settlement" : "cancel";
        out.operations.push({
          kind: capture ? "hold.capture" : "hold.release",
          idempotencyKey: randomUUID(),
          orderId: id,
          targetType: "hold",
          targetId: holdId,
          amount: capture ? o.amount : null,
          status: "succeeded",
          request: capture ? { amount: o.amount.toString(), transactionId: ref } : { reason: "Customer returned the rental early", orderId: o.orderId },
          responseCode: "200",
          attempts: 1,
          actorId: actors.finance.id,
          actorLabel: actors.finance.email,
          createdAt: later(h.at, -250),
          updatedAt: h.at,
          settledAt: h.at,
        });
        ev(h.at, capture ? "hold.captured" : "hold.released", capture ? "Hold captured" : "Hold released", { actorLabel: "loket", detail: { gopayStatus } });
        ev(h.at, "status.changed", capture ? "Paid at GoPay (hold captured)" : "Status authorised → cancelled", {
          actorId: actors.finance.id,
          actorLabel: actors.finance.email,
          detail: { before: "authorised", after: capture ? "paid" : "cancelled", holdId, source: "status", gopayStatus },
        });
        if (o.notifiedAt) notify(o.notifiedAt, gopayStatus, "no_change", capture ? "paid" : "cancelled", capture ? "paid" : "cancelled");
      }
    }

    let refundedSoFar = 0n;
    for (const r of o.refunds) {
      const refundId = randomUUID();
      const opId = randomUUID();
      const reason = { customer_request: "Customer request", product_unavailable: "Product unavailable", duplicate_payment: "Duplicate payment" }[r.reasonCode];
      out.operations.push({
        id: opId,
        kind: "refund",
        idempotencyKey: r.key,
        orderId: id,
        targetType: "refund",
        targetId: refundId,
        amount: r.amount,
        status: r.status === "succeeded" ? "succeeded" : "unknown",
        request: { amount: r.amount.toString(), reason, channel: o.channel, orderId: o.orderId, partnerRefundNo: r.key },
        responseCode: r.status === "succeeded" ? (snap ? "2005800" : "200") : null,
        attempts: 1,
        actorId: actors.finance.id,
        actorLabel: actors.finance.email,
        createdAt: r.at,
        updatedAt: r.settledAt,
        settledAt: r.status === "succeeded" ? r.settledAt : null,
      });
      out.refunds.push({
        id: refundId,
        orderId: id,
        partnerRefundNo: r.key,
        operationId: opId,
        amount: r.amount,
        reasonCode: r.reasonCode,
        reasonText: reason,
        status: r.status,
        refundNo: r.status === "succeeded" ? `R${r.key.slice(2, 22)}` : null,
        requestedBy: actors.finance.id,
        createdAt: r.at,
        updatedAt: r.settledAt,
        settledAt: r.status === "succeeded" ? r.settledAt : null,
      });
      ev(r.at, "refund.requested", `Refund of ${formatIdr(r.amount)} sent to GoPay`, { actorId: actors.finance.id, actorLabel: actors.finance.email, detail: { amount: r.amount.toString(), reason, partnerRefundNo: r.key } });
      if (r.status === "succeeded") {
        const before = refundedSoFar === 0n ? "paid" : "partially_refunded";
        refundedSoFar += r.amount;
        const after = refundedSoFar >= o.amount ? "refunded" : "partially_refunded";
        ev(r.settledAt, "refund.succeeded", `Refund ${r.key} succeeded (GoPay answer)`, { actorLabel: "gopay", detail: { amount: r.amount.toString(), before: "pending", refundNo: `R${r.key.slice(2, 22)}`, partnerRefundNo: r.key } });
        ev(r.settledAt, "status.changed", `Status ${statusWords(before)} → ${statusWords(after)}`, { actorLabel: "refunds", detail: { after, before, refundedAmount: refundedSoFar.toString() } });
      }
    }
  }
  return out;
}
