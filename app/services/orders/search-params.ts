import type { Channel, OrderStatus, PaymentOption } from "~db/schema/orders";
import { moneyErrorKey, parseRupiah } from "~/lib/money";
import type { Words } from "~/lib/words";
import { wibDateString, wibRange } from "~/lib/time";
import {
  CHANNEL_VALUES,
  OPTION_VALUES,
  RANGE_PRESETS,
  SORTS,
  STATUS_VALUES,
  type OrderSort,
  type RangePreset,
} from "./options";

/** The /orders view, resolved from the URL: what the list, totals and export all filter by. */
export interface OrderFilters {
  q?: string;
  /** How `q` matches; set by resolveSearchMode (exact identifiers first), "any" when unset. */
  searchMode?: "exact" | "partial" | "any";
  /** With searchMode "exact": the identifiers that matched (order id, GoPay reference, phone). */
  exactFields?: ("orderId" | "reference" | "phone")[];
  statuses: OrderStatus[];
  channels: Channel[];
  options: PaymentOption[];
  /** [createdFrom, createdTo) instants, from WIB calendar days. */
  createdFrom?: Date;
  createdTo?: Date;
  minAmount?: bigint;
  maxAmount?: bigint;
  sort: OrderSort;
}

/** The raw strings, echoed back into the form so a bad value stays visible next to its message. */
export interface OrderSearchValues {
  q: string;
  status: string[];
  channel: string[];
  option: string[];
  range: string;
  from: string;
  to: string;
  min: string;
  max: string;
  sort: OrderSort;
}

export type OrderSearchField = "q" | "range" | "from" | "to" | "min" | "max";

export interface ParsedOrderSearch {
  filters: OrderFilters;
  values: OrderSearchValues;
  errors: Partial<Record<OrderSearchField, string>>;
  /** The same messages as translation keys (orders:filterErrors.*, common:money.*), for the page's language. */
  words: Partial<Record<OrderSearchField, Words>>;
  /** Keyset cursors (opaque); at most one is honoured, `after` first. */
  after?: string;
  before?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function pick<T extends string>(all: readonly T[], raw: string[]): T[] {
  return raw.filter((v): v is T => (all as readonly string[]).includes(v));
}

/**
 * Parses /orders?… into filters. Unknown enum values are dropped silently (stale links); values a
 * person typed (dates, amounts) produce a message for their field instead of being guessed at.
 */
export function parseOrderSearch(params: URLSearchParams, now: Date = new Date()): ParsedOrderSearch {
  const errors: ParsedOrderSearch["errors"] = {};
  const words: ParsedOrderSearch["words"] = {};
  const sort = readOrderSort(params);
  const values: OrderSearchValues = {
    q: (params.get("q") ?? "").trim(),
    status: params.getAll("status"),
    channel: params.getAll("channel"),
    option: params.getAll("option"),
    range: params.get("range") ?? "",
    from: (params.get("from") ?? "").trim(),
    to: (params.get("to") ?? "").trim(),
    min: (params.get("min") ?? "").trim(),
    max: (params.get("max") ?? "").trim(),
    sort,
  };
  const filters: OrderFilters = {
    statuses: pick(STATUS_VALUES, values.status),
    channels: pick(CHANNEL_VALUES, values.channel),
    options: pick(OPTION_VALUES, values.option),
    sort,
  };
  if (values.q) {
    if (values.q.length > 200) {
      errors.q = "Search text is too long (200 characters at most).";
      words.q = { key: "orders:filterErrors.qTooLong", params: { max: 200 } };
    }
    else filters.q = values.q;
  }

  const range = resolveRange(values, now, errors, words);
  if (range) {
    filters.createdFrom = range.start;
    filters.createdTo = range.end;
  }

  if (values.min) {
    const r = parseRupiah(values.min);
    if (r.ok) filters.minAmount = r.minor;
    else {
      errors.min = r.error;
      words.min = { key: moneyErrorKey(r.code), params: r.params };
    }
  }
  if (values.max) {
    const r = parseRupiah(values.max);
    if (r.ok) filters.maxAmount = r.minor;
    else {
      errors.max = r.error;
      words.max = { key: moneyErrorKey(r.code), params: r.params };
    }
  }
  if (filters.minAmount !== undefined && filters.maxAmount !== undefined && filters.minAmount > filters.maxAmount) {
    errors.max = "The maximum is below the minimum.";
    words.max = { key: "orders:filterErrors.maxBelowMin" };
  }

  return {
    filters,
    values,
    errors,
    words,
    after: params.get("after") || undefined,
    before: params.get("after") ? undefined : params.get("before") || undefined,
  };
}

/**
 * Sorting as the shared DataTable writes it (`sort=created|amount&dir=asc|desc`, newest first by
 * default); `sort=amount_desc` style links are accepted too.
 */
function readOrderSort(params: URLSearchParams): OrderSort {
  const raw = params.get("sort") ?? "";
  if ((SORTS as readonly string[]).includes(raw)) return raw as OrderSort;
  const column = raw === "amount" ? "amount" : "created";
  return `${column}_${params.get("dir") === "asc" ? "asc" : "desc"}`;
}

function resolveRange(
  values: OrderSearchValues,
  now: Date,
  errors: ParsedOrderSearch["errors"],
  words: ParsedOrderSearch["words"],
): { start?: Date; end?: Date } | undefined {
  const preset = values.range as RangePreset | "";
  if (preset === "") {
    // A from/to without a preset (hand-written link) still means a custom range.
    if (!values.from && !values.to) return undefined;
  } else if (!(RANGE_PRESETS as readonly string[]).includes(preset)) {
    errors.range = "Unknown date range.";
    words.range = { key: "orders:filterErrors.range" };
    return undefined;
  }
  const today = wibDateString(now);
  if (preset === "today") return wibRange(today, today);
  if (preset === "7d" || preset === "30d") {
    const days = preset === "7d" ? 7 : 30;
    // "Last 7 days" = today and the six WIB days before it.
    const first = wibDateString(new Date(now.getTime() - (days - 1) * DAY_MS));
    return wibRange(first, today);
  }
  const from = values.from || undefined;
  const to = values.to || undefined;
  if (!from && !to) {
    errors.from = "Pick a start or an end date for a custom range.";
    words.from = { key: "orders:filterErrors.pickDate" };
    return undefined;
  }
  const start = from ? wibRange(from, from)?.start : undefined;
  const endDay = to ? wibRange(to, to) : undefined;
  if (from && !start) {
    errors.from = "Use a day-month-year date like 21-11-2026.";
    words.from = { key: "orders:filterErrors.date" };
  }
  if (to && !endDay) {
    errors.to = "Use a day-month-year date like 21-11-2026.";
    words.to = { key: "orders:filterErrors.date" };
  }
  if ((from && !start) || (to && !endDay)) return undefined;
  if (start && endDay && start.getTime() >= endDay.end.getTime()) {
    errors.to = "The end date is before the start date.";
    words.to = { key: "orders:filterErrors.endBeforeStart" };
    return undefined;
  }
  return { start, end: endDay?.end };
}

/** The query string for a view (filters only, no cursor): for links, export and "first page". */
export function searchToQuery(values: OrderSearchValues, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  if (values.q) p.set("q", values.q);
  for (const s of values.status) p.append("status", s);
  for (const c of values.channel) p.append("channel", c);
  for (const o of values.option) p.append("option", o);
  if (values.range) p.set("range", values.range);
  if (values.range === "custom" || !values.range) {
    if (values.from) p.set("from", values.from);
    if (values.to) p.set("to", values.to);
  }
  if (values.min) p.set("min", values.min);
  if (values.max) p.set("max", values.max);
  if (values.sort !== "created_desc") {
    const [column, dir] = values.sort.split("_") as [string, string];
    p.set("sort", column);
    p.set("dir", dir);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Totals are counted up to this many rows; above it the list says "10,000+" (keeps totals cheap). */
export const TOTALS_CAP = 10_000;
