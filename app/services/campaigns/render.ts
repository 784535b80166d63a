import { formatIdr, parseRupiah, type Minor } from "~/lib/money";
import { formatWibDate, isoDay, wibStartOfDay } from "~/lib/time";
import type { TemplateParamDef } from "~db/schema/campaign-templates";

/**
 * Rendering of a template's parameters for one recipient: pure (no database, no clock), so the
 * wizard, the preview, the CSV validation and the benchmark all render the same way.
 *
 * Each parameter's value comes from one source, fixed for the campaign, a CSV column, or a
 * customer field; an empty value takes the source's fallback; the value is then formatted by the
 * parameter's type and checked against the template's length limits. Lengths are counted as the
 * GoPay sandbox (our stand-in for GoPay) counts them: JavaScript string length, i.e. characters,
 * where a character outside the Basic Multilingual Plane (an emoji) counts two.
 */

/** Indonesia's three time zones (no daylight saving): a recipient's zone, WIB by default. */
export const ZONE_NAMES = ["WIB", "WITA", "WIT"] as const;
export type ZoneName = (typeof ZONE_NAMES)[number];
export const ZONE_UTC_OFFSET_HOURS: Record<ZoneName, number> = { WIB: 7, WITA: 8, WIT: 9 };

/** Where one parameter's value comes from (campaigns.param_sources, per parameter name). */
export type ParamSource =
  | { type: "fixed"; value: string }
  | { type: "column"; column: string; fallback?: string }
  | { type: "field"; field: CustomerField; fallback?: string };
export type ParamSources = Record<string, ParamSource>;

export const CUSTOMER_FIELDS = [
  "first_name",
  "name",
  "phone",
  "email",
  "last_order_id",
  "last_order_amount",
  "last_unpaid_order_id",
  "last_unpaid_amount",
  "last_unpaid_due",
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

export function isCustomerField(s: string): s is CustomerField {
  return (CUSTOMER_FIELDS as readonly string[]).includes(s);
}

/** What a customer field can be read from: one customer with their last order and last unpaid order. */
export interface CustomerFieldValues {
  name: string | null;
  phone: string | null;
  email: string | null;
  lastOrderId: string | null;
  lastOrderAmount: Minor | null;
  lastUnpaidOrderId: string | null;
  lastUnpaidAmount: Minor | null;
  /** The last unpaid (pending) order's expiry: when it must be paid by. */
  lastUnpaidDueAt: Date | null;
}

/** A raw value before formatting: text, an amount in sen, or an instant. */
type Raw = { kind: "text"; text: string } | { kind: "money"; minor: Minor } | { kind: "instant"; at: Date };

export const RENDER_PROBLEMS = [
  "missing",
  "too_short",
  "too_long",
  "bad_number",
  "bad_rupiah",
  "bad_date",
  "no_source",
] as const;
export type RenderProblemCode = (typeof RENDER_PROBLEMS)[number];

export interface RenderProblem {
  param: string;
  code: RenderProblemCode;
  /** The rendered value's length (too_short / too_long), with the template's limits. */
  length?: number;
  min?: number;
  max?: number;
  /** The value that could not be read (bad_*), cut to 60 characters. */
  value?: string;
}

export type RenderResult =
  | { ok: true; params: Record<string, string> }
  | { ok: false; params: Record<string, string>; problems: RenderProblem[] };

export interface RenderInput {
  /** The recipient's CSV row by column name (header as written in the file). */
  columns?: Record<string, string | undefined>;
  customer?: CustomerFieldValues | null;
}

/** `Siti Nurhaliza` → `Siti`; empty for no name. */
export function firstName(name: string | null | undefined): string {
  const n = (name ?? "").trim();
  return n.split(/\s+/)[0] ?? "";
}

function fieldRaw(field: CustomerField, c: CustomerFieldValues | null | undefined): Raw | undefined {
  if (!c) return undefined;
  const text = (s: string | null | undefined): Raw | undefined =>
    s && s.trim() ? { kind: "text", text: s.trim() } : undefined;
  switch (field) {
    case "first_name":
      return text(firstName(c.name));
    case "name":
      return text(c.name);
    case "phone":
      return c.phone
        ? { kind: "text", text: c.phone.startsWith("62") ? `0${c.phone.slice(2)}` : c.phone }
        : undefined;
    case "email":
      return text(c.email);
    case "last_order_id":
      return text(c.lastOrderId);
    case "last_order_amount":
      return c.lastOrderAmount === null ? undefined : { kind: "money", minor: c.lastOrderAmount };
    case "last_unpaid_order_id":
      return text(c.lastUnpaidOrderId);
    case "last_unpaid_amount":
      return c.lastUnpaidAmount === null ? undefined : { kind: "money", minor: c.lastUnpaidAmount };
    case "last_unpaid_due":
      return c.lastUnpaidDueAt ? { kind: "instant", at: c.lastUnpaidDueAt } : undefined;
  }
}

const ID_GROUP = /\B(?=(\d{3})+(?!\d))/g;

/** `1234567` → `1.234.567`; `2,5` / `2.5` → `2,5` (id-ID). Undefined when it is not a number. */
export function formatNumberId(text: string): string | undefined {
  const s = text.trim().replace(/\s/g, "");
  const plain = /^(-?)(\d+)(?:[.,](\d+))?$/.exec(s);
  const grouped = plain ? null : /^(-?)(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(s);
  const m = plain ?? grouped;
  if (!m) return undefined;
  const whole = m[2]!.replace(/\./g, "").replace(/^0+(?=\d)/, "");
  return `${m[1]}${whole.replace(ID_GROUP, ".")}${m[3] ? `,${m[3]}` : ""}`;
}

/** A due date as the customer reads it: `21 Nov 2026, 14.05 WIB` (an instant) or `21 Nov 2026` (a day). */
export function formatDueDate(at: Date): string {
  const day = formatWibDate(at, "id");
  const wib = new Date(at.getTime() + 7 * 3600_000);
  const hm = `${String(wib.getUTCHours()).padStart(2, "0")}.${String(wib.getUTCMinutes()).padStart(2, "0")}`;
  return `${day}, ${hm} WIB`;
}

function formatValue(
  def: TemplateParamDef,
  raw: Raw,
): { ok: true; value: string } | { ok: false; code: RenderProblemCode; value: string } {
  const shown = (s: string) => s.slice(0, 60);
  switch (def.type) {
    case "text":
      if (raw.kind === "money") return { ok: true, value: formatIdr(raw.minor) };
      if (raw.kind === "instant") return { ok: true, value: formatDueDate(raw.at) };
      return { ok: true, value: raw.text.trim() };
    case "number": {
      if (raw.kind === "money") return { ok: true, value: formatNumberId((raw.minor / 100n).toString())! };
      if (raw.kind === "instant") return { ok: false, code: "bad_number", value: raw.at.toISOString() };
      const n = formatNumberId(raw.text);
      return n === undefined
        ? { ok: false, code: "bad_number", value: shown(raw.text) }
        : { ok: true, value: n };
    }
    case "rupiah": {
      if (raw.kind === "money") return { ok: true, value: formatIdr(raw.minor) };
      if (raw.kind === "instant") return { ok: false, code: "bad_rupiah", value: raw.at.toISOString() };
      const r = parseRupiah(raw.text);
      return r.ok
        ? { ok: true, value: formatIdr(r.minor) }
        : { ok: false, code: "bad_rupiah", value: shown(raw.text) };
    }
    case "date": {
      if (raw.kind === "instant") return { ok: true, value: formatDueDate(raw.at) };
      if (raw.kind === "money") return { ok: false, code: "bad_date", value: raw.minor.toString() };
      const text = raw.text.trim();
      const day = isoDay(text);
      if (day) return { ok: true, value: formatWibDate(wibStartOfDay(day)!, "id") };
      // A full instant with its offset (2026-11-21T14:05:00+07:00 or …Z).
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
        const at = new Date(text);
        if (!Number.isNaN(at.getTime())) return { ok: true, value: formatDueDate(at) };
      }
      return { ok: false, code: "bad_date", value: shown(text) };
    }
  }
}

/**
 * Renders every parameter of the template for one recipient. Always returns what could be
 * rendered (the preview shows it); `ok` only when every parameter is present and within its limits.
 */
export function renderParams(
  params: readonly TemplateParamDef[],
  sources: ParamSources,
  input: RenderInput,
): RenderResult {
  const out: Record<string, string> = {};
  let problems: RenderProblem[] | undefined;
  const problem = (p: RenderProblem) => (problems ??= []).push(p);
  for (const def of params) {
    const source = sources[def.name];
    if (!source) {
      problem({ param: def.name, code: "no_source" });
      continue;
    }
    let raw: Raw | undefined;
    let fallback: string | undefined;
    if (source.type === "fixed") raw = source.value.trim() ? { kind: "text", text: source.value } : undefined;
    else if (source.type === "column") {
      const v = input.columns?.[source.column];
      raw = v !== undefined && v.trim() ? { kind: "text", text: v } : undefined;
      fallback = source.fallback;
    } else {
      raw = fieldRaw(source.field, input.customer);
      fallback = source.fallback;
    }
    if (!raw && fallback !== undefined && fallback.trim()) raw = { kind: "text", text: fallback };
    if (!raw) {
      problem({ param: def.name, code: "missing", min: def.min, max: def.max });
      continue;
    }
    const f = formatValue(def, raw);
    if (!f.ok) {
      problem({ param: def.name, code: f.code, value: f.value });
      continue;
    }
    out[def.name] = f.value;
    const length = f.value.length;
    if (length > def.max) problem({ param: def.name, code: "too_long", length, min: def.min, max: def.max });
    else if (length < def.min)
      problem({ param: def.name, code: "too_short", length, min: def.min, max: def.max });
  }
  return problems ? { ok: false, params: out, problems } : { ok: true, params: out };
}

/** Which customer fields the sources read (the database is asked only for those). */
export function fieldsUsed(sources: ParamSources): Set<CustomerField> {
  const used = new Set<CustomerField>();
  for (const s of Object.values(sources)) if (s.type === "field") used.add(s.field);
  return used;
}

/** True when no parameter depends on the recipient: every recipient gets the same parameters. */
export function allFixed(sources: ParamSources): boolean {
  return Object.values(sources).every((s) => s.type === "fixed");
}

/**
 * The text the customer reads, when the template's description carries its wording with
 * `{{param}}` placeholders (GoPay holds the real text; Loket keeps a copy to preview); else the
 * parameters one per line.
 */
export function renderedText(description: string | null | undefined, params: Record<string, string>): string {
  if (description && /\{\{\s*[\w.-]+\s*\}\}/.test(description)) {
    return description.replace(
      /\{\{\s*([\w.-]+)\s*\}\}/g,
      (_, name: string) => params[name] ?? `{{${name}}}`,
    );
  }
  return Object.entries(params)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
}
