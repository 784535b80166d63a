import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatPhone } from "~/lib/phone";

export interface ReportProblem {
  line: number | null;
  reason: string;
  param?: string;
  detail?: string;
  customerId?: string;
  /** A segment's customer (no CSV line): who was left out. */
  customer?: { name: string | null; phone: string | null };
}

/** Where a left-out row was: its CSV line, or (a segment) the customer, linked to their page. */
function ProblemWhere({ p }: { p: ReportProblem }) {
  const { t } = useTranslation("campaigns");
  if (p.line !== null) return <>{t("build.problem.line", { line: p.line })}</>;
  if (!p.customerId) return <>{t("build.problem.segment")}</>;
  const label = p.customer?.name || (p.customer?.phone ? formatPhone(p.customer.phone) : p.customerId.slice(0, 8));
  return (
    <Link to={`/customers/${p.customerId}`} className="text-brand-700 hover:underline">
      {label}
    </Link>
  );
}

/** One left-out row, said in words: "Line 7 — Unknown customer (081200000009)". */
export function ProblemText({ p }: { p: ReportProblem }) {
  const { t } = useTranslation("campaigns");
  const reason = t(`build.reasons.${p.reason}`, { defaultValue: p.reason });
  let detail = "";
  if (p.reason === "duplicate" && p.detail) detail = t("build.problem.duplicateOf", { line: p.detail });
  else if ((p.reason === "param_too_long" || p.reason === "param_too_short") && p.param)
    detail = t("build.problem.length", { param: p.param, detail: p.detail ?? "" });
  else if (p.param) detail = t("build.problem.param", { param: p.param, detail: p.detail ?? "" });
  else if (p.detail) detail = p.detail;
  return (
    <>
      <span className="font-medium">{reason}</span>
      {detail ? <span className="text-slate-600"> ({detail})</span> : null}
    </>
  );
}

/**
 * Counts by reason, then the rows by line (the first ones; all are counted). A segment has no
 * lines: its rows are customers; a report with none listed (a draft saved before they were) says
 * how many were left out rather than "…and N more" of nothing.
 */
export function AudienceReport({
  excluded,
  problems,
  total,
  reasonsCaption,
  problemsCaption,
}: {
  excluded: Partial<Record<string, number>>;
  problems: ReportProblem[];
  total: number;
  reasonsCaption: string;
  problemsCaption: string;
}) {
  const { t } = useTranslation("campaigns");
  const reasons = Object.entries(excluded).filter(([, n]) => (n ?? 0) > 0);
  if (reasons.length === 0) return null;
  const byCustomer = problems.every((p) => p.line === null);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <table className="min-w-full text-sm">
        <caption className="mb-1 text-left text-xs font-semibold text-slate-700">{reasonsCaption}</caption>
        <tbody className="divide-y divide-slate-100">
          {reasons.map(([reason, n]) => (
            <tr key={reason}>
              <td className="py-1 pr-3 text-slate-800">
                {t(`build.reasons.${reason}`, { defaultValue: reason })}
              </td>
              <td className="py-1 text-right tabular-nums text-slate-900">{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <h3 className="mb-1 text-xs font-semibold text-slate-700">
          {byCustomer ? t("build.problem.customers") : problemsCaption}
        </h3>
        <ol className="max-h-72 space-y-0.5 overflow-y-auto text-sm" data-testid="problems">
          {problems.map((p, i) => (
            <li key={`${p.line}-${p.reason}-${p.param ?? ""}-${i}`}>
              <span
                className={
                  p.line !== null
                    ? "mr-2 inline-block min-w-16 font-mono text-xs text-slate-500"
                    : "mr-2 inline-block min-w-16 text-xs"
                }
              >
                <ProblemWhere p={p} />
              </span>
              <ProblemText p={p} />
            </li>
          ))}
          {problems.length === 0 ? (
            <li className="text-slate-500">{t("build.problem.countedOnly", { count: total })}</li>
          ) : total > problems.length ? (
            <li className="text-slate-500">{t("build.problem.more", { count: total - problems.length })}</li>
          ) : null}
        </ol>
      </div>
    </div>
  );
}
