import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ChevronLeft, ChevronRight } from "~/components/ui/icons";
import { DayInput, Field, Input, Select, buttonClasses } from "~/components/ui";
import { say } from "~/lib/words";
import { periodQuery, shiftDay, shiftMonth, type ParsedPeriod, type ReportPeriod } from "~/services/reports/period";
import { periodErrorWords, periodLabel } from "~/services/reports/period-words";

function neighbour(p: ReportPeriod, step: number): ReportPeriod {
  return p.kind === "day"
    ? { kind: "day", day: shiftDay(p.day, step) }
    : { kind: "month", month: shiftMonth(p.month, step) };
}

/**
 * The report's period: kind, month, day, with a wrong value's message at its field (and no
 * previous / next, which would step from a period nobody asked for); else previous, the period in
 * words and next — next only while the period is over (after it come days that have not happened).
 */
export function ReportPeriodForm(
  props:
    | { invalid: Extract<ParsedPeriod, { ok: false }> }
    | { period: ReportPeriod; /** the period has ended: a next one can have figures */ over: boolean },
) {
  const { t, i18n } = useTranslation("finance");
  const lng = i18n.language;
  const bad = "invalid" in props ? props.invalid : undefined;
  const shown = "period" in props ? props : undefined;
  const period = shown?.period;
  const { kind, month, day } = bad
    ? { kind: bad.kind, ...bad.values }
    : period?.kind === "day"
      ? { kind: period.kind, month: period.day.slice(0, 7), day: period.day }
      : { kind: "month" as const, month: period?.month ?? "", day: period ? `${period.month}-01` : "" };
  const error = (field: "period" | "month" | "day") =>
    bad?.error.field === field ? say(t, periodErrorWords(bad.error, lng), bad.error.code) : undefined;
  return (
    <div className="flex flex-wrap items-start gap-3">
      <Form method="get" className="flex flex-wrap items-start gap-3" aria-label={t("reports.period.label")}>
        {/* Keyed by the value: a new URL (previous, next, a link) shows its own period, not the last one typed. */}
        {/* Fixed widths: a message wraps under its field instead of stretching the row. */}
        <Field label={t("reports.period.label")} error={error("period")} className="w-32">
          <Select key={`k-${kind}`} name="period" defaultValue={kind}>
            <option value="month">{t("reports.period.month")}</option>
            <option value="day">{t("reports.period.day")}</option>
          </Select>
        </Field>
        <Field label={t("reports.period.monthInput")} error={error("month")} className="w-56">
          <Input key={`m-${month}`} name="month" type="month" defaultValue={month} />
        </Field>
        <Field label={t("reports.period.dayInput")} error={error("day")} className="w-56">
          <DayInput key={`d-${day}`} name="day" defaultValue={day} />
        </Field>
        <button type="submit" className={buttonClasses("primary", "sm", "mt-7")}>
          {t("reports.period.show")}
        </button>
      </Form>
      {shown && period ? (
        <nav className="mt-7 ml-auto flex items-center gap-2" aria-label={t("reports.period.label")}>
          <Link to={`?${periodQuery(neighbour(period, -1))}`} className={buttonClasses("secondary", "sm")} rel="prev">
            <ChevronLeft aria-hidden className="size-3.5" /> {t("reports.period.previous")}
          </Link>
          <span className="text-sm font-medium text-slate-800 tabular-nums" data-testid="report-period">
            {periodLabel(period, lng)}
          </span>
          {shown.over ? (
            <Link to={`?${periodQuery(neighbour(period, 1))}`} className={buttonClasses("secondary", "sm")} rel="next">
              {t("reports.period.next")} <ChevronRight aria-hidden className="size-3.5" />
            </Link>
          ) : (
            <button type="button" disabled className={buttonClasses("secondary", "sm")}>
              {t("reports.period.next")} <ChevronRight aria-hidden className="size-3.5" />
            </button>
          )}
        </nav>
      ) : null}
    </div>
  );
}
