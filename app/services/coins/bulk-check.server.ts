import { and, gte, inArray, sql } from "drizzle-orm";
import { coinPayouts, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { Minor } from "~/lib/money";
import { normalisePhone } from "~/lib/phone";
import { getCoinSettings, monthReserved, RESERVING_STATUSES, wibMonthStartOf } from "./settings.server";
import {
  MAX_ISSUES_SHOWN,
  parseBulkCsv,
  type BulkFileError,
  type BulkIssue,
  type ParsedRow,
} from "./bulk-csv.server";

/**
 * The whole check of a bulk coin CSV, before anything is saved: every record on its own
 * (bulk-csv.server.ts), then against the database — who the customer is (id, phone or merchant user
 * id), whether Loket holds their mini-app token, whether the month's total per customer stays
 * within the cap, duplicates within the file — and the file's totals against the coin wallet and
 * what is left of the month's budget. Warnings (paid in the last 30 days) never block.
 */

/** Statuses whose amount counts against a month's budget and a customer's cap: paid, or on its way (settings.server.ts). */
export const COUNTED_STATUSES = RESERVING_STATUSES;
const LOOKUP_CHUNK = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CheckedRow {
  line: number;
  customerId: string;
  amount: Minor;
  description: string;
}

export interface BulkTotals {
  rows: number;
  total: Minor;
  /** The wallet as last reported (null: never refreshed) and when. */
  walletBalance: Minor | null;
  walletRefreshedAt: Date | null;
  monthlyBudget: Minor;
  /** Already counted this WIB month (paid, or awaiting approval / queued / paying / unknown). */
  monthUsed: Minor;
  budgetRemaining: Minor;
  overWallet: boolean;
  overBudget: boolean;
}

export type BulkCheck =
  | { ok: false; fileError: BulkFileError }
  | {
      ok: true;
      sha256: string;
      records: number;
      bytes: number;
      errorCount: number;
      warningCount: number;
      /** Sorted by line; at most MAX_ISSUES_SHOWN of each. */
      errors: BulkIssue[];
      warnings: BulkIssue[];
      totals: BulkTotals;
      /** No errors, within the wallet and the budget. */
      canSubmit: boolean;
      /** The rows to save (only meaningful when canSubmit). */
      rows: CheckedRow[];
    };

export interface CoinLimits {
  perPayoutCeiling: Minor | null;
  perRecipientCap: Minor | null;
  monthlyBudget: Minor;
  walletBalance: Minor | null;
  walletRefreshedAt: Date | null;
}

/** The coin_settings row for the check; a zero ceiling or cap means "not set" (no limit). */
export async function coinLimits(database: DbOrTx): Promise<CoinLimits> {
  const s = await getCoinSettings(database);
  return {
    perPayoutCeiling: s.perPayoutCeiling > 0n ? s.perPayoutCeiling : null,
    perRecipientCap: s.perRecipientCap > 0n ? s.perRecipientCap : null,
    monthlyBudget: s.monthlyBudget,
    walletBalance: s.walletBalance,
    walletRefreshedAt: s.walletRefreshedAt,
  };
}

/** This WIB month's counted total (all payouts), for the budget. */
export function monthUsed(database: DbOrTx, now: Date): Promise<Minor> {
  return monthReserved(database, now);
}

type Found = { id: string; phone: string | null; merchantUserId: string | null; hasToken: boolean };

/** Resolves the file's customer values: a uuid is a customer id; otherwise a merchant user id, then a phone. */
async function lookupCustomers(database: DbOrTx, values: string[]) {
  const byId = new Map<string, Found>();
  const byMerchantUser = new Map<string, Found>();
  const byPhone = new Map<string, Found[]>();
  const cols = {
    id: customers.id,
    phone: customers.phone,
    merchantUserId: customers.merchantUserId,
    hasToken: sql<boolean>`${customers.authTokenEnc} is not null`,
  };
  const uuids = [...new Set(values.filter(isUuid).map((v) => v.toLowerCase()))];
  const others = [...new Set(values.filter((v) => !isUuid(v)))];
  const phones = [
    ...new Set(others.map((v) => normalisePhone(v)).filter((p): p is string => p !== undefined)),
  ];
  for (let i = 0; i < uuids.length; i += LOOKUP_CHUNK) {
    for (const c of await database
      .select(cols)
      .from(customers)
      .where(inArray(customers.id, uuids.slice(i, i + LOOKUP_CHUNK))))
      byId.set(c.id, c);
  }
  for (let i = 0; i < others.length; i += LOOKUP_CHUNK) {
    for (const c of await database
      .select(cols)
      .from(customers)
      .where(inArray(customers.merchantUserId, others.slice(i, i + LOOKUP_CHUNK))))
      byMerchantUser.set(c.merchantUserId!, c);
  }
  for (let i = 0; i < phones.length; i += LOOKUP_CHUNK) {
    for (const c of await database
      .select(cols)
      .from(customers)
      .where(inArray(customers.phone, phones.slice(i, i + LOOKUP_CHUNK)))) {
      const list = byPhone.get(c.phone!) ?? [];
      list.push(c);
      byPhone.set(c.phone!, list);
    }
  }
  return (value: string): Found | "unknown" | { ambiguous: number } => {
    if (isUuid(value)) return byId.get(value.toLowerCase()) ?? "unknown";
    const m = byMerchantUser.get(value);
    if (m) return m;
    const phone = normalisePhone(value);
    const list = phone ? byPhone.get(phone) : undefined;
    if (!list || list.length === 0) return "unknown";
    if (list.length > 1) return { ambiguous: list.length };
    return list[0]!;
  };
}

/** Per customer: this month's counted total, and whether they were paid in the last 30 days. */
async function customerHistory(database: DbOrTx, ids: string[], now: Date) {
  const month = new Map<string, Minor>();
  const recent = new Map<string, Date>();
  const monthStart = wibMonthStartOf(now);
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const from = monthStart < since ? monthStart : since;
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const rows = await database
      .select({
        customerId: coinPayouts.customerId,
        monthSum: sql<string>`coalesce(sum(${coinPayouts.amount}) filter (where ${inArray(coinPayouts.status, [...COUNTED_STATUSES])} and coalesce(${coinPayouts.paidAt}, ${coinPayouts.createdAt}) >= ${monthStart.toISOString()}::timestamptz), 0)::text`,
        lastPaid: sql<
          Date | string | null
        >`max(${coinPayouts.paidAt}) filter (where ${coinPayouts.status} = 'paid')`,
      })
      .from(coinPayouts)
      .where(
        and(
          inArray(coinPayouts.customerId, ids.slice(i, i + LOOKUP_CHUNK)),
          gte(coinPayouts.createdAt, new Date(from.getTime() - 31 * DAY_MS)),
        ),
      )
      .groupBy(coinPayouts.customerId);
    for (const r of rows) {
      const sum = BigInt(r.monthSum);
      if (sum > 0n) month.set(r.customerId, sum);
      const last = r.lastPaid === null ? null : new Date(r.lastPaid);
      if (last && last >= since) recent.set(r.customerId, last);
    }
  }
  return { month, recent };
}

const issue = (
  line: number,
  code: BulkIssue["code"],
  message: string,
  params?: BulkIssue["params"],
): BulkIssue => (params ? { line, code, message, params } : { line, code, message });

/** Reads and checks a bulk CSV; nothing is written. */
export async function checkBulkCsv(
  database: DbOrTx,
  source: AsyncIterable<Uint8Array>,
  opts: { now?: Date; maxBytes?: number; maxRows?: number } = {},
): Promise<BulkCheck> {
  const now = opts.now ?? new Date();
  const limits = await coinLimits(database);
  const parsed = await parseBulkCsv(source, {
    perPayoutCeiling: limits.perPayoutCeiling,
    maxBytes: opts.maxBytes,
    maxRows: opts.maxRows,
  });
  if (!parsed.ok) return { ok: false, fileError: parsed.error };
  const { csv } = parsed;
  const errors: BulkIssue[] = [...csv.issues];
  const warnings: BulkIssue[] = [];

  const find = await lookupCustomers(
    database,
    csv.rows.map((r) => r.customer),
  );
  const resolved: { row: ParsedRow; customerId: string }[] = [];
  const firstLine = new Map<string, number>();
  for (const row of csv.rows) {
    const c = find(row.customer);
    if (c === "unknown") {
      errors.push(
        issue(
          row.line,
          "customerUnknown",
          `No customer “${row.customer.slice(0, 60)}” (by id, phone or merchant user id).`,
          { value: row.customer.slice(0, 60) },
        ),
      );
      continue;
    }
    if ("ambiguous" in c) {
      errors.push(
        issue(
          row.line,
          "customerAmbiguous",
          `The phone ${row.customer.slice(0, 30)} belongs to ${c.ambiguous} customers: give the customer id instead.`,
          { value: row.customer.slice(0, 30), count: c.ambiguous },
        ),
      );
      continue;
    }
    const seen = firstLine.get(c.id);
    if (seen !== undefined) {
      errors.push(
        issue(row.line, "duplicate", `The same customer as line ${seen}: one payout per customer per file.`, {
          first: seen,
        }),
      );
      continue;
    }
    firstLine.set(c.id, row.line);
    if (!c.hasToken) {
      errors.push(
        issue(
          row.line,
          "noToken",
          "This customer has not opened the mini-app: Loket holds no token to pay them with.",
          { value: row.customer.slice(0, 60) },
        ),
      );
      continue;
    }
    resolved.push({ row, customerId: c.id });
  }

  const history = await customerHistory(
    database,
    resolved.map((r) => r.customerId),
    now,
  );
  const rows: CheckedRow[] = [];
  let total = 0n;
  for (const { row, customerId } of resolved) {
    const before = history.month.get(customerId) ?? 0n;
    if (limits.perRecipientCap !== null && before + row.amount > limits.perRecipientCap) {
      errors.push(
        issue(row.line, "overCap", "This customer's total this month would be over the per-recipient cap.", {
          already: before.toString(),
          amount: row.amount.toString(),
          cap: limits.perRecipientCap.toString(),
        }),
      );
      continue;
    }
    const last = history.recent.get(customerId);
    if (last)
      warnings.push(
        issue(row.line, "paidRecently", "This customer was paid coins in the last 30 days.", {
          at: last.toISOString(),
        }),
      );
    rows.push({ line: row.line, customerId, amount: row.amount, description: row.description });
    total += row.amount;
  }

  const used = await monthUsed(database, now);
  const budgetRemaining = limits.monthlyBudget > used ? limits.monthlyBudget - used : 0n;
  const overWallet = limits.walletBalance !== null && total > limits.walletBalance;
  const overBudget = total > budgetRemaining;
  errors.sort((a, b) => a.line - b.line);
  warnings.sort((a, b) => a.line - b.line);
  return {
    ok: true,
    sha256: csv.sha256,
    records: csv.records,
    bytes: csv.bytes,
    errorCount: errors.length,
    warningCount: warnings.length,
    errors: errors.slice(0, MAX_ISSUES_SHOWN),
    warnings: warnings.slice(0, MAX_ISSUES_SHOWN),
    totals: {
      rows: rows.length,
      total,
      walletBalance: limits.walletBalance,
      walletRefreshedAt: limits.walletRefreshedAt,
      monthlyBudget: limits.monthlyBudget,
      monthUsed: used,
      budgetRemaining,
      overWallet,
      overBudget,
    },
    canSubmit: errors.length === 0 && rows.length > 0 && !overWallet && !overBudget,
    rows,
  };
}
