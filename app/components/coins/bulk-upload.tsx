import { AlertTriangle, CheckCircle2, XCircle } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Button, EmptyState, Money } from "~/components/ui";
import { formatIdr, moneyErrorKey, type MoneyErrorCode } from "~/lib/money";
import { formatCount } from "~/lib/count";
import { formatWib, formatWibDate } from "~/lib/time";
import { CoinBatchStatusBadge } from "./coin-status";


/** What the check answers to the page (BulkCheck without its rows). */
export interface BulkIssueView {
  line: number;
  code: string;
  params?: Record<string, string | number>;
  money?: { code: MoneyErrorCode; params?: { amount: string } };
  message: string;
}
export type BulkCheckView =
  | {
      ok: false;
      filename: string;
      fileError: { code: string; params?: Record<string, string | number>; message: string };
    }
  | {
      ok: true;
      filename: string;
      sha256: string;
      records: number;
      errorCount: number;
      warningCount: number;
      errors: BulkIssueView[];
      warnings: BulkIssueView[];
      canSubmit: boolean;
      totals: {
        rows: number;
        total: bigint;
        walletBalance: bigint | null;
        walletRefreshedAt: Date | null;
        monthlyBudget: bigint;
        monthUsed: bigint;
        budgetRemaining: bigint;
        overWallet: boolean;
        overBudget: boolean;
      };
    };

const SEN_PARAMS = new Set(["amount", "ceiling", "cap", "already"]);

/** One problem in the staff member's language: amounts in rupiah, the money parser's own words. */
type LooseT = (key: string, options?: Record<string, unknown>) => string;

function issueText(i: BulkIssueView, t: LooseT, lng: string): string {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(i.params ?? {}))
    params[k] = SEN_PARAMS.has(k) && /^\d+$/.test(String(v)) ? formatIdr(BigInt(v)) : v;
  if (i.code === "paidRecently" && typeof params.at === "string") params.at = formatWibDate(params.at, lng);
  if (i.code === "amount" && i.money)
    params.reason = t(moneyErrorKey(i.money.code), { ...i.money.params, defaultValue: i.message });
  return t(`coins:bulk.issues.${i.code}`, { ...params, defaultValue: i.message });
}

function IssueTable({
  items,
  tone,
  testId,
}: {
  items: BulkIssueView[];
  tone: "error" | "warning";
  testId: string;
}) {
  const { t, i18n } = useTranslation("coins");
  return (
    <table className="mt-2 w-full text-sm" data-testid={testId}>
      <thead className="text-left text-slate-500">
        <tr>
          <th className="w-16 py-1">{t("bulk.line")}</th>
          <th>{t("bulk.problem")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i, k) => (
          <tr
            key={`${i.line}-${i.code}-${k}`}
            className="border-t border-slate-100 align-top"
            data-line={i.line}
            data-code={i.code}
          >
            <td className="py-1 tabular-nums">{i.line}</td>
            <td className={tone === "error" ? "text-red-800" : "text-amber-900"}>
              {issueText(i, t as unknown as LooseT, i18n.language)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The check's answer: file refusal, or problems by line, warnings, totals against wallet and budget, and Submit. */
export function BulkCheckResult({ view, busy }: { view: BulkCheckView; busy: boolean }) {
  const { t, i18n } = useTranslation("coins");
  if (!view.ok) {
    return (
      <p
        role="alert"
        className="flex items-start gap-2 rounded-md bg-red-50 p-3 text-sm text-red-800"
        data-testid="bulk-file-error"
      >
        <XCircle aria-hidden className="mt-0.5 size-4 shrink-0" />
        {t(`bulk.fileErrors.${view.fileError.code}`, {
          ...view.fileError.params,
          defaultValue: view.fileError.message,
        })}
      </p>
    );
  }
  const tt = view.totals;
  const shortWallet =
    tt.walletBalance !== null && tt.total > tt.walletBalance ? tt.total - tt.walletBalance : 0n;
  const shortBudget = tt.total > tt.budgetRemaining ? tt.total - tt.budgetRemaining : 0n;
  return (
    <div className="space-y-4" data-testid="bulk-result">
      {view.errorCount > 0 ? (
        <section role="alert" className="rounded-md border border-red-200 p-3">
          <h3 className="flex items-center gap-2 font-medium text-red-800">
            <XCircle aria-hidden className="size-4" /> {t("bulk.errorsTitle", { count: view.errorCount })}
          </h3>
          {view.errors.length < view.errorCount ? (
            <p className="text-xs text-slate-500">{t("bulk.shownFirst", { shown: view.errors.length })}</p>
          ) : null}
          <IssueTable items={view.errors} tone="error" testId="bulk-errors" />
        </section>
      ) : null}
      {view.warningCount > 0 ? (
        <section className="rounded-md border border-amber-200 p-3">
          <h3 className="flex items-center gap-2 font-medium text-amber-900">
            <AlertTriangle aria-hidden className="size-4" />{" "}
            {t("bulk.warningsTitle", { count: view.warningCount })}
          </h3>
          {view.warnings.length < view.warningCount ? (
            <p className="text-xs text-slate-500">{t("bulk.shownFirst", { shown: view.warnings.length })}</p>
          ) : null}
          <IssueTable items={view.warnings} tone="warning" testId="bulk-warnings" />
        </section>
      ) : null}
      <section data-testid="bulk-totals">
        <h3 className="font-medium">{t("bulk.totals.title")}</h3>
        <dl className="mt-1 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <dt className="text-slate-500">{t("bulk.totals.rows")}</dt>
          <dd className="tabular-nums" data-testid="bulk-rows">
            {formatCount(tt.rows, i18n.language)}
          </dd>
          <dt className="text-slate-500">{t("bulk.totals.total")}</dt>
          <dd className="tabular-nums" data-testid="bulk-total">
            <Money minor={tt.total} />
          </dd>
          <dt className="text-slate-500">{t("bulk.totals.wallet")}</dt>
          <dd className="tabular-nums">
            {tt.walletBalance === null ? t("bulk.totals.walletUnknown") : <Money minor={tt.walletBalance} />}
            {tt.walletRefreshedAt ? (
              <span className="block text-xs text-slate-500">
                {t("bulk.totals.refreshed", { at: formatWib(tt.walletRefreshedAt, i18n.language) })}
              </span>
            ) : null}
          </dd>
          <dt className="text-slate-500">{t("bulk.totals.budget")}</dt>
          <dd className="tabular-nums">
            <Money minor={tt.budgetRemaining} />{" "}
            <span className="text-xs text-slate-500">
              {t("bulk.totals.budgetOf", { budget: formatIdr(tt.monthlyBudget) })}
            </span>
          </dd>
        </dl>
        {tt.overWallet ? (
          <p role="alert" className="mt-2 text-sm text-red-800" data-testid="bulk-over-wallet">
            {t("bulk.totals.overWallet", {
              total: formatIdr(tt.total),
              wallet: formatIdr(tt.walletBalance ?? 0n),
              short: formatIdr(shortWallet),
            })}
          </p>
        ) : null}
        {tt.overBudget ? (
          <p role="alert" className="mt-2 text-sm text-red-800" data-testid="bulk-over-budget">
            {t("bulk.totals.overBudget", {
              total: formatIdr(tt.total),
              remaining: formatIdr(tt.budgetRemaining),
              short: formatIdr(shortBudget),
            })}
          </p>
        ) : null}
      </section>
      {view.canSubmit ? (
        <div className="flex flex-wrap items-center gap-3 rounded-md bg-emerald-50 p-3">
          <CheckCircle2 aria-hidden className="size-4 text-emerald-700" />
          <span className="text-sm text-emerald-900">{t("bulk.totals.ready")}</span>
          <input type="hidden" name="sha256" value={view.sha256} />
          <span className="text-sm text-slate-700">
            {t("bulk.submitText", { count: tt.rows, total: formatIdr(tt.total), filename: view.filename })}
          </span>
          <Button type="submit" name="intent" value="submit" disabled={busy} data-testid="bulk-submit">
            {t("bulk.submit")}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

export interface BatchListItem {
  id: string;
  filename: string;
  status: string;
  rowCount: number;
  totalAmount: bigint;
  submittedAt: Date;
  submitterEmail: string | null;
}

export function BulkBatchList({ batches }: { batches: BatchListItem[] }) {
  const { t, i18n } = useTranslation("coins");
  if (batches.length === 0) return <EmptyState title={t("bulk.noBatches")} />;
  return (
    <table className="w-full text-sm">
      <tbody>
        {batches.map((b) => (
          <tr key={b.id} className="border-t border-slate-100">
            <td className="py-2">
              <a className="text-brand-700 hover:underline" href={`/coins/batches/${b.id}`}>
                {b.filename}
              </a>
            </td>
            <td>
              <CoinBatchStatusBadge status={b.status} />
            </td>
            <td className="tabular-nums">
              {t("bulk.approval.rows", { count: b.rowCount, total: formatIdr(b.totalAmount) })}
            </td>
            <td className="text-slate-500">{b.submitterEmail}</td>
            <td className="whitespace-nowrap text-slate-500">{formatWib(b.submittedAt, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
