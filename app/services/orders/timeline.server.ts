import { asc, desc, eq, or } from "drizzle-orm";
import { holds, notifications, operations, orderEvents, refunds } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { formatWib } from "~/lib/time";
import type { Words } from "~/lib/words";
import { isOperationKind } from "~/services/operations/kinds";
import { OPTION_VALUES } from "~/services/orders/options";
import { isRefundReason, REFUND_REASONS, refundReasonNote } from "~/services/refunds/reasons";
import { gopayStatusWord, groupActions, newestFirst } from "./timeline-groups";

export type TimelineKind = "created" | "notification" | "operation" | "refund" | "hold" | "event";

/** One line of the order's story, ready to render (times as Date, money as bigint minor units). */
export interface TimelineEntry {
  key: string;
  at: Date;
  kind: TimelineKind;
  title: string;
  /** The title as translation words (orders:timeline.title.*); an order event's own title has none. */
  titleWords?: Words;
  /** A status for StatusBadge (refund/operation/hold status; a notification's code said as an order status). */
  status?: string | null;
  /** The raw code behind the entry (an event's kind, a notification's source and GoPay status code), shown on hover. */
  code?: string;
  amount?: bigint | null;
  actor?: string | null;
  /** Short label/value pairs (idempotency key, response code, signature result…). */
  facts: TimelineFact[];
  /** Warnings worth a badge: duplicate, out of order, bad signature, apply error. */
  flags: string[];
  /** Raw payload (JSON pretty-printed when it parses) for a <details>. */
  raw?: string;
  /**
   * The other steps of the same action, oldest first: a refund's GoPay call, its result, the
   * status change it caused and GoPay's notification about it fold under one entry.
   */
  steps?: TimelineEntry[];
}

/** A label and its value; `words`: the value said in the page's language (a refund's reason code). */
export interface TimelineFact {
  label: string;
  value: string;
  words?: Words;
  /** The value is this instant (ISO): the page shows it in its language (month names), not `value`'s English. */
  at?: string;
}

export interface TimelineOrder {
  id: string;
  orderId: string;
  gopayReference: string | null;
  channel: string;
  amount: bigint;
  externalId: string | null;
  createdAt: Date;
}

const MAX_PER_SOURCE = 500;

function pretty(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") {
    try {
      return JSON.stringify(JSON.parse(v), null, 2);
    } catch {
      return v;
    }
  }
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x), 2);
}

function fact(label: string, value: string | null | undefined): TimelineFact[] {
  return value ? [{ label, value }] : [];
}

/**
 * A refund's reason as the refund dialog names it (refunds:reasons.*), the staff member's note
 * beside it: reasonText stores the English label again ("Customer request: …").
 */
export function refundReasonFacts(code: string, text: string | null | undefined): TimelineFact[] {
  const reason: TimelineFact =
    isRefundReason(code) || code === "external"
      ? { label: "Reason", value: isRefundReason(code) ? REFUND_REASONS[code] : "Made outside Loket", words: { key: `refunds:reasons.${code}` } }
      : { label: "Reason", value: code };
  return [reason, ...fact("Note", refundReasonNote(code, text))];
}

/**
 * Everything that happened to an order, newest first, read from the tables writers already fill:
 * notifications (by our order id or GoPay's reference), operations, refunds, the hold and
 * order_events. A writer adds a row to one of those; the timeline shows it with no change here.
 */
export async function orderTimeline(db: DbOrTx, order: TimelineOrder): Promise<TimelineEntry[]> {
  const refs = order.gopayReference
    ? or(eq(notifications.reference, order.orderId), eq(notifications.reference, order.gopayReference))
    : eq(notifications.reference, order.orderId);
  const [notes, ops, refs2, hold, events] = await Promise.all([
    db.select().from(notifications).where(refs).orderBy(asc(notifications.receivedAt)).limit(MAX_PER_SOURCE),
    db.select().from(operations).where(eq(operations.orderId, order.id)).orderBy(desc(operations.createdAt)).limit(MAX_PER_SOURCE),
    db.select().from(refunds).where(eq(refunds.orderId, order.id)).orderBy(desc(refunds.createdAt)).limit(MAX_PER_SOURCE),
    db.select().from(holds).where(eq(holds.orderId, order.id)).limit(1),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(desc(orderEvents.at)).limit(MAX_PER_SOURCE),
  ]);

  const out: TimelineEntry[] = [
    {
      key: `created:${order.id}`,
      at: order.createdAt,
      kind: "created",
      title: "Order created",
      titleWords: { key: "orders:timeline.title.created" },
      amount: order.amount,
      facts: [...fact("Channel", order.channel), ...fact("External id", order.externalId)],
      flags: [],
    },
  ];

  for (const n of notes) {
    const flags: string[] = [];
    if (!n.signatureValid) flags.push(n.verification === "ok" ? "bad signature" : n.verification.replace(/_/g, " "));
    if (n.isDuplicate) flags.push("duplicate");
    if (n.outOfOrder) flags.push("out of order");
    if (n.applyError) flags.push("apply failed");
    out.push({
      key: `notification:${n.id}`,
      at: n.receivedAt,
      kind: "notification",
      title: `Notification received (${n.source.replace(/_/g, " ")})`,
      titleWords: { key: "orders:timeline.title.notificationFromGopay" },
      status: n.statusCode ? (gopayStatusWord(n.source, n.statusCode) ?? n.statusCode) : null,
      code: [n.source, n.statusCode].filter(Boolean).join(" "),
      facts: [
        { label: "Signature", value: n.signatureValid ? "valid" : `invalid (${n.verification})` },
        ...fact("Reference", n.reference),
        ...fact("External id", n.externalId),
        ...fact("Applied", n.appliedAt ? "yes" : "no"),
        ...fact("Apply error", n.applyError),
      ],
      flags,
      raw: pretty(n.rawBody),
    });
  }

  for (const o of ops) {
    out.push({
      key: `operation:${o.id}`,
      at: o.createdAt,
      kind: "operation",
      title: `GoPay call: ${o.kind}`,
      // Said by its kind ("Refund sent to GoPay"); the kind itself stays on hover.
      titleWords: isOperationKind(o.kind) ? { key: `orders:timeline.call.${o.kind.replace(/[.]/g, "_")}` } : { key: "orders:timeline.title.operation", params: { kind: o.kind } },
      code: o.kind,
      status: o.status,
      amount: o.amount,
      actor: o.actorLabel,
      facts: [
        { label: "Idempotency key", value: o.idempotencyKey },
        ...fact("Response code", o.responseCode),
        ...fact("Error", o.errorMessage),
        ...fact("Attempts", o.attempts > 1 ? String(o.attempts) : null),
      ],
      flags: o.status === "unknown" ? ["outcome unknown"] : [],
      raw: pretty(o.response),
    });
  }

  for (const r of refs2) {
    out.push({
      key: `refund:${r.id}`,
      at: r.createdAt,
      kind: "refund",
      title: "Refund requested",
      titleWords: { key: "orders:timeline.title.refund" },
      status: r.status,
      amount: r.amount,
      facts: [
        ...refundReasonFacts(r.reasonCode, r.reasonText),
        { label: "Partner refund no", value: r.partnerRefundNo },
        ...fact("GoPay refund no", r.refundNo),
        ...fact("Failure", r.failureMessage),
      ],
      flags: [],
    });
  }

  const h = hold[0];
  if (h) {
    const base = { kind: "hold" as const, amount: h.amount, flags: [] };
    out.push({ ...base, key: `hold:${h.id}:authorised`, at: h.authorisedAt, title: "Hold authorised", titleWords: { key: "orders:timeline.title.holdAuthorised" }, status: "authorised",
      facts: [{ label: "Expires", value: formatWib(h.expiresAt), at: h.expiresAt.toISOString() }] });
    if (h.capturedAt) out.push({ ...base, key: `hold:${h.id}:captured`, at: h.capturedAt, title: "Hold captured", titleWords: { key: "orders:timeline.title.holdCaptured" }, status: "captured", facts: [] });
    if (h.releasedAt)
      out.push({ ...base, key: `hold:${h.id}:released`, at: h.releasedAt, title: "Hold released", titleWords: { key: "orders:timeline.title.holdReleased" }, status: "released",
        facts: fact("Reason", h.releaseReason) });
    if (h.expiredAt) out.push({ ...base, key: `hold:${h.id}:expired`, at: h.expiredAt, title: "Hold expired", titleWords: { key: "orders:timeline.title.holdExpired" }, status: "expired", facts: [] });
  }

  // The hold's own entries above carry its amount and reason; the hold.* history rows written
  // beside each change would repeat them ("Hold released" twice), so they are left out here.
  for (const e of events) {
    if (h && e.kind.startsWith("hold.")) continue;
    out.push({
      key: `event:${e.id}`,
      at: e.at,
      kind: "event",
      title: e.title,
      titleWords: eventTitleWords(e.kind, e.title),
      actor: e.actorLabel,
      code: e.kind,
      facts: [],
      flags: [],
      raw: pretty(e.detail),
    });
  }

  return newestFirst(groupActions(out, { notes, ops, refunds: refs2, events }), order.createdAt);
}

/**
 * Order events keep the English title they were written with; the page says it again by the
 * event's kind (its values read back from the stored title). An unknown kind, or a title that
 * does not read as its kind's sentence, stays as stored.
 */
// app/services/notifications/apply.server.ts title(): a payment notification's change.
const PAYMENT_UPDATE_TITLES = [
  { re: /^Paid at GoPay$/, key: "paidAtGopay" },
  // Only the options Loket names (orders:option.*): another stays as stored.
  { re: new RegExp(`^Paid at GoPay \\((?<option>${OPTION_VALUES.join("|")})\\)$`), key: "paidAtGopayWith" },
  { re: /^Refunded: (?<amount>Rp [\d.]+) in total$/, key: "refundedTotal" },
  { re: /^Partially refunded: (?<amount>Rp [\d.]+) in total$/, key: "partiallyRefundedTotal" },
  { re: /^Authorised at GoPay \(hold\)$/, key: "authorisedAtGopay" },
  { re: /^Status (?<from>[a-z_ ]+) → (?<to>[a-z_ ]+)$/, key: "statusChanged", params: statusPair },
];
/** A stored "from → to" in status words ("partially refunded"), plus each as its common:status key, so a language can name it. */
function statusPair(g: Record<string, string>): Record<string, string> {
  const key = (w: string | undefined) => (w ?? "").trim().replace(/ /g, "_");
  return { ...g, fromKey: key(g.from), toKey: key(g.to) };
}
// app/services/refunds/apply.server.ts settleRefundRow / reconcileRefundRow / applyRefundHistory:
// where a refund's outcome came from (said again through orders:timeline.refundSource.*).
const REFUND_SOURCES: Record<string, string> = {
  "GoPay answer": "gopayAnswer",
  "same key sent again": "sameKey",
  "same key sent again, GoPay refused it": "sameKeyRefused",
  "status query": "statusQuery",
  notification: "notification",
};
const SOURCE = `(?<source>${Object.keys(REFUND_SOURCES).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`;
const toSourceKey = (g: Record<string, string>) => ({ ...g, source: REFUND_SOURCES[g.source!] ?? g.source! });
/** settleRefundRow: a refund that had been unknown / needs attention says so after its source. */
function settledTitles(outcome: "succeeded" | "failed", key: string): TitleRule[] {
  const head = `^Refund (?<no>\\S+) ${outcome} \\(${SOURCE}`;
  return [
    { re: new RegExp(`${head}\\)$`), key, params: toSourceKey },
    { re: new RegExp(`${head}; its outcome had been unknown\\)$`), key: `${key}AfterUnknown`, params: toSourceKey },
    { re: new RegExp(`${head}; its outcome had been needs attention\\)$`), key: `${key}AfterAttention`, params: toSourceKey },
  ];
}
// GoPay's transaction_status values a Core charge reports (app/services/merchant-api/charges.server.ts).
const CHARGE_STATUS = "(?<status>settlement|capture|deny|cancel|expire|pending|authorize|failure)";
interface TitleRule {
  re: RegExp;
  key: string;
  /** Values read back from the title, made ready for the sentence (e.g. a source as its key). */
  params?: (groups: Record<string, string>) => Record<string, string>;
}
const EVENT_TITLES: Record<string, TitleRule[]> = {
  "cancel.succeeded": [
    { re: /^Order cancelled at GoPay$/, key: "cancelled" },
    { re: /^Order cancelled at GoPay \(confirmed by a status query\)$/, key: "cancelledByQuery" },
  ],
  created: [
    { re: /^Payment created via the merchant API$/, key: "createdViaApi" },
    { re: /^Charge requested via the merchant API$/, key: "chargeViaApi" },
    { re: /^Pre-auth hold requested via the merchant API$/, key: "preauthViaApi" },
  ],
  sync: [
    { re: /^Resynced with GoPay: (?<from>[a-z_ ]+) → (?<to>[a-z_ ]+)$/, key: "resynced", params: statusPair },
    { re: /^Resynced with GoPay: no difference$/, key: "resyncedSame" },
  ],
  "refund.approved": [{ re: /^Refund of (?<amount>Rp [\d.]+) approved by (?<who>.+)$/, key: "refundApproved" }],
  "refund.rejected": [{ re: /^Refund of (?<amount>Rp [\d.]+) rejected by (?<who>.+)$/, key: "refundRejected" }],
  "refund.unknown": [{ re: /^Refund (?<no>\S+): waiting for GoPay$/, key: "refundUnknown" }],
  "refund.approval_requested": [{ re: /^Refund of (?<amount>Rp [\d.]+) needs approval \(above (?<limit>Rp [\d.]+)\)$/, key: "refundNeedsApproval" }],
  "refund.requested": [{ re: /^Refund of (?<amount>Rp [\d.]+) sent to GoPay$/, key: "refundSent" }],
  "refund.needs_attention": [
    { re: /^Refund (?<no>\S+): GoPay has given no answer for (?<hours>\d+) h\. Needs a person; the money stays reserved$/, key: "refundNeedsAttention" },
  ],
  "refund.succeeded": settledTitles("succeeded", "refundSucceeded"),
  "refund.failed": settledTitles("failed", "refundFailed"),
  "refund.external": [{ re: new RegExp(`^Refund (?<no>\\S+) made outside Loket recorded \\(${SOURCE}\\)$`), key: "refundExternal", params: toSourceKey }],
  "refund.reconciled": [
    {
      re: new RegExp(`^Refund (?<no>\\S+) was made by GoPay after Loket booked it (?<before>failed|rejected|expired): now booked as succeeded \\(${SOURCE}\\)$`),
      key: "refundReconciled",
      params: toSourceKey,
    },
  ],
  // The hold's own entries stand for these when the hold row exists; without it the events are shown.
  "hold.authorised": [{ re: /^Hold authorised$/, key: "holdAuthorised" }],
  "hold.captured": [{ re: /^Hold captured$/, key: "holdCaptured" }],
  "hold.released": [{ re: /^Hold released$/, key: "holdReleased" }],
  "hold.expired": [{ re: /^Hold expired$/, key: "holdExpired" }],
  "status.changed": [
    { re: /^Status (?<from>[a-z_ ]+) → (?<to>[a-z_ ]+)$/, key: "statusChanged", params: statusPair },
    { re: /^Paid at GoPay \(hold captured\)$/, key: "paidHoldCaptured" },
    { re: new RegExp(`^Charge ${CHARGE_STATUS} at GoPay$`), key: "chargeAtGopay" },
    { re: new RegExp(`^Charge ${CHARGE_STATUS} at GoPay: (?<message>.+)$`), key: "chargeAtGopayMessage" },
    ...PAYMENT_UPDATE_TITLES,
  ],
  notification: PAYMENT_UPDATE_TITLES,
};

export function eventTitleWords(kind: string, title: string): Words | undefined {
  for (const { re, key, params } of EVENT_TITLES[kind] ?? []) {
    const m = re.exec(title);
    if (m) return { key: `orders:timeline.title.${key}`, params: params ? params({ ...m.groups }) : { ...m.groups } };
  }
  return undefined;
}

