import { mapCoreStatus, mapSnapStatus } from "~/services/payments/state";
import type { TimelineEntry, TimelineKind } from "./timeline.server";

/**
 * How the order timeline reads: one entry per action (its GoPay call, result, status change and
 * GoPay's notification folded under it), in the order things happened. Pure, so the rules are
 * tested without a database (tests/integration/orders-timeline.test.ts reads them end to end).
 */

/** What links the rows of one action; only the columns the grouping reads. */
export interface TimelineLinks {
  notes: { id: bigint; rawBody: string }[];
  ops: { id: string; idempotencyKey: string }[];
  refunds: { id: string; operationId: string | null; partnerRefundNo: string }[];
  events: { id: bigint; at: Date; kind: string; operationId: string | null; notificationId: bigint | null; detail: unknown }[];
}

/**
 * A notification's GoPay status code said as the order status it means (SNAP 00 → paid, 03 →
 * pending, 04 → refunded; Core settlement → paid), for the badge; undefined when it has none.
 * The code itself stays on the entry (hover) and in the raw payload.
 */
export function gopayStatusWord(source: string, code: string): string | undefined {
  if (source === "snap_debit") {
    const m = mapSnapStatus(code);
    return m.kind === "status" ? m.status : m.kind === "refund" ? "refunded" : undefined;
  }
  if (source === "core_payment") {
    if (code === "refund") return "refunded";
    if (code === "partial_refund") return "partially_refunded";
    const m = mapCoreStatus(code);
    return m.kind === "status" ? m.status : undefined;
  }
  return undefined;
}

function partnerRefundNosIn(rawBody: string): string[] {
  try {
    const body = JSON.parse(rawBody) as {
      additionalInfo?: { refundHistory?: { partnerRefundNo?: unknown }[] };
      refundHistory?: { partnerRefundNo?: unknown }[];
      refunds?: { refund_key?: unknown }[];
    };
    const snap = body.additionalInfo?.refundHistory ?? body.refundHistory ?? [];
    const core = Array.isArray(body.refunds) ? body.refunds : [];
    return [...snap.map((r) => r.partnerRefundNo), ...core.map((r) => r.refund_key)].filter((x): x is string => typeof x === "string");
  } catch {
    return [];
  }
}

function detailRefundNo(detail: unknown): string | undefined {
  if (detail && typeof detail === "object" && "partnerRefundNo" in detail) {
    const v = (detail as { partnerRefundNo: unknown }).partnerRefundNo;
    return typeof v === "string" ? v : undefined;
  }
  return undefined;
}

/** Inside an action, at the same instant: asked, called, answered, then told. */
const STEP_ORDER: Record<TimelineKind, number> = { created: 0, refund: 1, operation: 2, hold: 3, event: 4, notification: 5 };
const oldestFirst = (a: TimelineEntry, b: TimelineEntry) =>
  a.at.getTime() - b.at.getTime() || STEP_ORDER[a.kind] - STEP_ORDER[b.kind] || byKey(a, b);
// Keys end in the row's id: numeric, so event:10 comes after event:9 (rows written in that order).
const byKey = (a: TimelineEntry, b: TimelineEntry) => a.key.localeCompare(b.key, "en", { numeric: true });

/**
 * Folds the entries of one action into one: a GoPay call with its refund row, the events that
 * name the call (operation id) or the refund (partnerRefundNo), the status change written in the
 * same transaction as one of them, and the notifications an event applied or that list the refund.
 * The entry that says the most leads (the refund, else the last event that has words, else the
 * call); the others become its steps. Entries that belong to no action stay as they are.
 */
export function groupActions(entries: TimelineEntry[], links: TimelineLinks): TimelineEntry[] {
  const groupOf = new Map<string, string>(); // entry key → group id
  const byRefundNo = new Map<string, string>(); // partnerRefundNo → group id
  for (const o of links.ops) {
    groupOf.set(`operation:${o.id}`, `op:${o.id}`);
    byRefundNo.set(o.idempotencyKey, `op:${o.id}`);
  }
  for (const r of links.refunds) {
    const g = r.operationId ? `op:${r.operationId}` : (byRefundNo.get(r.partnerRefundNo) ?? `refund:${r.partnerRefundNo}`);
    groupOf.set(`refund:${r.id}`, g);
    byRefundNo.set(r.partnerRefundNo, g);
  }
  const noteGroup = new Map<string, string>(); // notification id → group id
  const unlinked: TimelineLinks["events"] = [];
  for (const e of links.events) {
    const refundNo = detailRefundNo(e.detail);
    const g =
      (e.operationId ? `op:${e.operationId}` : undefined) ??
      (refundNo ? byRefundNo.get(refundNo) : undefined) ??
      (e.notificationId !== null ? `note:${e.notificationId}` : undefined);
    if (!g) {
      unlinked.push(e);
      continue;
    }
    groupOf.set(`event:${e.id}`, g);
    if (e.notificationId !== null && !noteGroup.has(String(e.notificationId))) noteGroup.set(String(e.notificationId), g);
  }
  // A status change written in the same transaction as a grouped event (same `now()`) is its effect.
  for (const e of unlinked) {
    const twin = links.events.find((x) => x !== e && x.at.getTime() === e.at.getTime() && groupOf.has(`event:${x.id}`));
    if (twin) groupOf.set(`event:${e.id}`, groupOf.get(`event:${twin.id}`)!);
  }
  for (const n of links.notes) {
    const g = noteGroup.get(String(n.id)) ?? partnerRefundNosIn(n.rawBody).reverse().map((no) => byRefundNo.get(no)).find(Boolean);
    if (g) groupOf.set(`notification:${n.id}`, g);
  }

  const members = new Map<string, TimelineEntry[]>();
  const out: TimelineEntry[] = [];
  for (const e of entries) {
    const g = groupOf.get(e.key);
    if (!g) {
      out.push(e);
      continue;
    }
    const list = members.get(g);
    if (list) list.push(e);
    else members.set(g, [e]);
  }
  for (const list of members.values()) {
    if (list.length === 1) {
      out.push(list[0]!);
      continue;
    }
    list.sort(oldestFirst);
    const lead =
      list.find((e) => e.kind === "refund") ??
      [...list].reverse().find((e) => e.kind === "event" && e.titleWords) ??
      list.find((e) => e.kind === "operation") ??
      list[list.length - 1]!;
    // The action sits where it started; its lead keeps its own facts, flags and payload.
    out.push({ ...lead, at: list[0]!.at, steps: list.filter((e) => e !== lead), flags: [...new Set(list.flatMap((e) => e.flags))] });
  }
  return out;
}

/** At the same instant, newest first: the outcome above its cause, the order's creation last. */
const NEWEST_FIRST_ORDER: Record<TimelineKind, number> = { event: 0, notification: 1, refund: 2, operation: 3, hold: 4, created: 5 };

/**
 * Newest first, in the order things happened. Times some rows carry come from GoPay's clock
 * (a hold's authorisation, a payment's time in whole seconds) and can read a second before the
 * order Loket created: nothing is placed before the creation, whatever its clock says — the time
 * shown stays the one recorded.
 */
export function newestFirst(entries: TimelineEntry[], createdAt: Date): TimelineEntry[] {
  const t = (e: TimelineEntry) => (e.kind === "created" ? createdAt.getTime() : Math.max(e.at.getTime(), createdAt.getTime()));
  return entries.sort(
    (a, b) =>
      t(b) - t(a) ||
      NEWEST_FIRST_ORDER[a.kind] - NEWEST_FIRST_ORDER[b.kind] ||
      b.at.getTime() - a.at.getTime() ||
      byKey(b, a),
  );
}
