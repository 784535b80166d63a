import { and, asc, count, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import {
  orders,
  reconDifferences,
  reconItems,
  reconRuns,
  staff,
  type ReconDifferenceStatus,
} from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { DifferenceKind } from "./kinds";

export const PAGE_SIZE = 50;

/** The latest runs, newest first, with who started them (null: the schedule). */
export async function listRuns(db: DbOrTx, limit = 20) {
  return db
    .select({
      id: reconRuns.id,
      kind: reconRuns.kind,
      rangeFrom: reconRuns.rangeFrom,
      rangeTo: reconRuns.rangeTo,
      status: reconRuns.status,
      throttlePerSecond: reconRuns.throttlePerSecond,
      total: reconRuns.total,
      checked: reconRuns.checked,
      differences: reconRuns.differences,
      createdAt: reconRuns.createdAt,
      finishedAt: reconRuns.finishedAt,
      lastError: reconRuns.lastError,
      startedBy: staff.email,
    })
    .from(reconRuns)
    .leftJoin(staff, eq(staff.id, reconRuns.startedBy))
    .orderBy(desc(reconRuns.createdAt), desc(reconRuns.id))
    .limit(limit);
}
export type RunListRow = Awaited<ReturnType<typeof listRuns>>[number];

export async function getRun(db: DbOrTx, id: string) {
  if (!isUuid(id)) return null;
  const [run] = await db.select().from(reconRuns).where(eq(reconRuns.id, id));
  return run ?? null;
}

export interface DifferenceFilters {
  runId: string;
  kind?: DifferenceKind;
  status?: ReconDifferenceStatus;
  /** keyset: the last row's id of the previous page */
  after?: string;
  limit?: number;
}

/** A differences page cursor: the previous page's last row id (a uuid); undefined for anything else (page one). */
export function decodeDifferenceCursor(raw: string | null | undefined): string | undefined {
  return raw && isUuid(raw) ? raw : undefined;
}

function differenceWhere(f: DifferenceFilters) {
  return and(
    eq(reconDifferences.runId, f.runId),
    f.kind ? eq(reconDifferences.kind, f.kind) : undefined,
    f.status ? eq(reconDifferences.status, f.status) : undefined,
  );
}

/** One page of a run's differences (filtered by kind and status), ordered by id for stable keyset pages. */
export async function listDifferences(db: DbOrTx, f: DifferenceFilters) {
  const after = decodeDifferenceCursor(f.after);
  return db
    .select({
      id: reconDifferences.id,
      kind: reconDifferences.kind,
      status: reconDifferences.status,
      details: reconDifferences.details,
      createdAt: reconDifferences.createdAt,
      resolvedAt: reconDifferences.resolvedAt,
      resolvedBy: staff.email,
      orderUuid: orders.id,
      orderId: orders.orderId,
      channel: orders.channel,
      amount: orders.amount,
    })
    .from(reconDifferences)
    .innerJoin(orders, eq(orders.id, reconDifferences.orderId))
    .leftJoin(staff, eq(staff.id, reconDifferences.resolvedBy))
    .where(and(differenceWhere(f), after ? gt(reconDifferences.id, after) : undefined))
    .orderBy(asc(reconDifferences.id))
    .limit(f.limit ?? PAGE_SIZE);
}
export type DifferenceRow = Awaited<ReturnType<typeof listDifferences>>[number];

/** Differences per status of a run (the filter's counts) and orders GoPay did not answer for. */
export async function runCounts(db: DbOrTx, runId: string) {
  const [byStatus, [errors]] = await Promise.all([
    db
      .select({ status: reconDifferences.status, n: count() })
      .from(reconDifferences)
      .where(eq(reconDifferences.runId, runId))
      .groupBy(reconDifferences.status),
    db
      .select({ n: count() })
      .from(reconItems)
      .where(and(eq(reconItems.runId, runId), isNotNull(sql`${reconItems.result}->>'error'`))),
  ]);
  const of = (s: ReconDifferenceStatus) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  return {
    open: of("open"),
    resolved: of("resolved"),
    ignored: of("ignored"),
    notChecked: Number(errors?.n ?? 0),
  };
}

/** "Explain": the item of an order in a run — both sides' raw answers as stored when it was checked. */
export async function explainItem(db: DbOrTx, runId: string, orderUuid: string) {
  if (!isUuid(runId) || !isUuid(orderUuid)) return null;
  const [item] = await db
    .select({ result: reconItems.result, checkedAt: reconItems.checkedAt })
    .from(reconItems)
    .where(and(eq(reconItems.runId, runId), eq(reconItems.orderId, orderUuid)));
  return item ?? null;
}
