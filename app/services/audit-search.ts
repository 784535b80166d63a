import { isUuid } from "~/db/errors.server";
import { wibDateString, wibRange } from "~/lib/time";
import type { AuditFilters } from "./audit.server";

/** The /audit filters from a URL: the page and its CSV export read them the same way. */
export type AuditDateError = "dateFormat" | "notADate" | "endBeforeStart";

export interface AuditSearch {
  values: { actor: string; action: string; targetType: string; targetId: string; from: string; to: string };
  /** Keys of audit:errors, worded in the page's language. */
  errors: { from?: AuditDateError; to?: AuditDateError };
  filters: AuditFilters;
}

const YMD = /^\d{4}-\d{2}-\d{2}$/;

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
  if (values.from && !YMD.test(values.from)) errors.from = "dateFormat";
  if (values.to && !YMD.test(values.to)) errors.to = "dateFormat";
  if ((values.from || values.to) && !errors.from && !errors.to) {
    // One end alone: from that day to today, or from the beginning up to that day (WIB days).
    const range = wibRange(values.from || "2000-01-01", values.to || wibDateString());
    if (!range) errors.from = "notADate";
    else if (range.start >= range.end) errors.to = "endBeforeStart";
    else filters.range = range;
  }
  return { values, errors, filters };
}
