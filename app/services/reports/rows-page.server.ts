import type { DbOrTx } from "~/db/client.server";
import { cursorParams, isStaleCursor } from "~/lib/stale-cursor";
import { wibDateString } from "~/lib/time";
import { parseRowsScope, periodTiming, type PeriodTiming, type RowsScope, type RowsScopeError } from "./period";
import type { ExportRefusal } from "./period-words";
import { buildReport, type Cell } from "./report";
import { dayFigures } from "./report.server";
import { decodeRowCursor, listReportRows, type ReportRow } from "./rows.server";

/**
 * What /finance/reports/rows shows: the rows behind one report total, oldest first, with the
 * report's own total (report_days; the property test holds the two equal); or why the URL names
 * no list; or that its days have not happened (no "0 rows, Rp 0" for days to come).
 */
export type RowsPage = { today: string } & (
  | { state: "invalid"; error: RowsScopeError }
  | { state: "future"; scope: RowsScope }
  | {
      state: "rows";
      scope: RowsScope;
      timing: Exclude<PeriodTiming, "future">;
      rows: ReportRow[];
      next: string | null;
      /** An `after` was given but could not be used: these are the first rows. */
      staleCursor: boolean;
      /** null: channel and option at once, a cell the report does not have (the rows only). */
      total: Cell | null;
    }
);

export async function loadRowsPage(db: DbOrTx, params: URLSearchParams, now: Date = new Date()): Promise<RowsPage> {
  const today = wibDateString(now);
  const parsed = parseRowsScope(params);
  if (!parsed.ok) return { today, state: "invalid", error: parsed.error };
  const scope = parsed.scope;
  const timing = periodTiming(scope, today);
  if (timing === "future") return { today, state: "future", scope };
  const after = decodeRowCursor(params.get("after"));
  const [page, figures] = await Promise.all([
    listReportRows(db, scope, { after }),
    dayFigures(db, scope),
  ]);
  const s = buildReport(scope, figures).sources[scope.source];
  const optionKey = scope.option === "none" ? "" : scope.option;
  const both = Boolean(scope.channel && scope.option);
  const cell = both
    ? undefined
    : scope.channel
      ? s.byChannel[scope.channel]
      : optionKey !== undefined
        ? s.byOption[optionKey]
        : s.total;
  return {
    today,
    state: "rows",
    scope,
    timing,
    rows: page.rows,
    next: page.next ?? null,
    staleCursor: isStaleCursor(cursorParams(params), after),
    total: both ? null : (cell ?? { count: 0, amount: 0n }),
  };
}

/** The scope a rows CSV exports, or why it refuses (400): the URL names no list, or its days have not begun. */
export function rowsExportScope(
  params: URLSearchParams,
  now: Date = new Date(),
): { ok: true; scope: RowsScope } | { ok: false; refusal: ExportRefusal } {
  const parsed = parseRowsScope(params);
  if (!parsed.ok) return { ok: false, refusal: { kind: "invalid", error: parsed.error } };
  const today = wibDateString(now);
  if (periodTiming(parsed.scope, today) === "future")
    return { ok: false, refusal: { kind: "future", what: { from: parsed.scope.from, to: parsed.scope.to }, today } };
  return { ok: true, scope: parsed.scope };
}
