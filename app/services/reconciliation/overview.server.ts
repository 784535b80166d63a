import { and, count, desc, eq } from "drizzle-orm";
import { reconDifferences, reconRuns, type ReconRunStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

export interface ReconciliationOverview {
  /** The latest scheduled daily run (yesterday's, normally): "3 differences found last night". */
  lastDaily: {
    id: string;
    day: string;
    status: ReconRunStatus;
    differences: number;
    checked: number;
    total: number;
    finishedAt: string | null;
  } | null;
  /** Open differences across every run. */
  open: number;
  /** The list behind the numbers. */
  href: string;
  lastDailyHref: string | null;
}

/**
 * What the overview shows of reconciliation (helper "reports" renders it): the last daily run and
 * the open differences. Two small indexed reads (recon_runs_daily_uq, recon_differences_open_idx).
 * Sentences: finance namespace, `reconciliation.overview.*`.
 */
export async function reconciliationOverview(db: DbOrTx): Promise<ReconciliationOverview> {
  const [[last], [open]] = await Promise.all([
    db
      .select()
      .from(reconRuns)
      .where(eq(reconRuns.kind, "daily"))
      .orderBy(desc(reconRuns.rangeFrom))
      .limit(1),
    db
      .select({ n: count() })
      .from(reconDifferences)
      .where(and(eq(reconDifferences.status, "open"))),
  ]);
  return {
    lastDaily: last
      ? {
          id: last.id,
          day: last.rangeFrom,
          status: last.status,
          differences: last.differences,
          checked: last.checked,
          total: last.total,
          finishedAt: last.finishedAt?.toISOString() ?? null,
        }
      : null,
    open: Number(open?.n ?? 0),
    href: "/finance/reconciliation?status=open",
    lastDailyHref: last ? `/finance/reconciliation?run=${last.id}` : null,
  };
}
