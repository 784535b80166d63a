import { isUuid } from "~/db/errors.server";
import { isoDay, wibDateString, wibRange } from "~/lib/time";
import type { AuditFilters } from "./audit.server";

/** The /audit filters from a URL: the page and its CSV export read them the same way. */
export type AuditDateError = "dateFormat" | "notADate" | "endBeforeStart";

export interface AuditSearch {
  values: { actor: string; action: string; targetType: string; targetId: string; from: string; to: string };
  /** Keys of audit:errors, worded in the page's language. */
  errors: { from?: AuditDateError; to?: AuditDateError };
  filters: AuditFilters;
}

export function parseAuditSearch(q: URLSearchParams): AuditSearch {
  const text = (name: string, max = 200) => (q.get(name) ?? "").trim().slice(0, max);
  const values = { actor: text("actor"), action: text("action"), targetType: text("targetType"), targetId: text("targetId"), from: text("from", 10), to: text("to", 10) };
  const errors: AuditSearch["errors"] = {};
  const filters: AuditFilters = {
    actorId: isUuid(values.actor) ? values.actor : undefined,
    action: values.action || undefined,
    targetType: values.targetType || undefined,
    targetId: values.targetId || undefined,
  };
  // Days are typed day-month-year (21-11-2026; DayInput); an older link's 2026-11-21 is read too.
  const from = values.from ? isoDay(values.from) : undefined;
  const to = values.to ? isoDay(values.to) : undefined;
  if (values.from && !from) errors.from = "dateFormat";
  if (values.to && !to) errors.to = "dateFormat";
  if ((from || to) && !errors.from && !errors.to) {
    // One end alone: from that day to today, or from the beginning up to that day (WIB days).
    const range = wibRange(from ?? "2000-01-01", to ?? wibDateString());
    if (!range) errors.from = "notADate";
    else if (range.start >= range.end) errors.to = "endBeforeStart";
    else filters.range = range;
  }
  return { values, errors, filters };
}
