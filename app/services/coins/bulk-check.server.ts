import { and, gte, inArray, sql } from "drizzle-orm";
import { coinPayouts, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import type { Minor } from "~/lib/money";
import { normalisePhone } from "~/lib/phone";
import { getCoinSettings, monthReserved, RESERVING_STATUSES, wibMonthStartOf } from "./settings.server";
import { MAX_ISSUES_SHOWN, parseBulkCsv, type BulkFileError, type BulkIssue } from "./bulk-csv.server";

/**
 * The whole check of a bulk coin CSV, before anything is saved: every record on its own
 * (bulk-csv.server.ts), then against the database — who the customer is (id, phone or merchant user
 * id), whether Loket holds their mini-app token, whether the month's total per customer stays
 * within the cap, duplicates within the file — and the file's totals against the coin wallet and
 * what is left of the month's budget. Warnings (paid in the last 30 days) never block.
 */

/** Statuses whose amount counts against a month's budget and a customer's cap: paid, or on its way (settings.server.ts). */
export const COUNTED_STATUSES = RESERVING_STATUSES;
/** Values per lookup query (sent as one array parameter, so the query text does not grow with them). */
const LOOKUP_CHUNK = 50_000;
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

/** A Postgres array literal of text values (each quoted), passed as ONE parameter: `= any($1::text[])`. */
const textArray = (values: string[]) =>
  `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
/** The same for values already known to be uuids (no quoting needed). */
const uuidArray = (values: string[]) => `{${values.join(",")}}`;

/**
 * Resolves the file's customer values: a uuid is a customer id; otherwise a merchant user id, then a
 * phone. One query per LOOKUP_CHUNK values of each kind (the values as one array parameter), and
 * only what the check needs is kept: the ids found, the ids with a token, merchant user id → id,
 * phone → id (or how many customers share it).
 */
async function lookupCustomers(database: DbOrTx, values: string[]) {
  const ids = new Set<string>();
  const withToken = new Set<string>();
  const byMerchantUser = new Map<string, string>();
  const byPhone = new Map<string, string | number>();
  const hasToken = sql<boolean>`${customers.authTokenEnc} is not null`;
  const uuids = new Set<string>();
  const others = new Set<string>();
  const phones = new Set<string>();
  for (const v of values) {
    if (isUuid(v)) uuids.add(v.toLowerCase());
    else if (!others.has(v)) {
      others.add(v);
      const p = normalisePhone(v);
      if (p !== undefined) phones.add(p);
    }
  }
  for (const chunk of chunks([...uuids])) {
    for (const c of await database
      .select({ id: customers.id, hasToken })
      .from(customers)
      .where(sql`${customers.id} = any(${uuidArray(chunk)}::uuid[])`)) {
      ids.add(c.id);
      if (c.hasToken) withToken.add(c.id);
    }
  }
  for (const chunk of chunks([...others])) {
    for (const c of await database
      .select({ id: customers.id, merchantUserId: customers.merchantUserId, hasToken })
      .from(customers)
      .where(sql`${customers.merchantUserId} = any(${textArray(chunk)}::text[])`)) {
      byMerchantUser.set(c.merchantUserId!, c.id);
      if (c.hasToken) withToken.add(c.id);
    }
  }
  for (const chunk of chunks([...phones])) {
    for (const c of await database
      .select({ id: customers.id, phone: customers.phone, hasToken })
      .from(customers)
      .where(sql`${customers.phone} = any(${textArray(chunk)}::text[])`)) {
      const seen = byPhone.get(c.phone!);
      byPhone.set(c.phone!, seen === undefined ? c.id : typeof seen === "number" ? seen + 1 : 2);
      if (c.hasToken) withToken.add(c.id);
    }
  }
  const find = (value: string): string | "unknown" | { ambiguous: number } => {
    if (isUuid(value)) {
      const id = value.toLowerCase();
      return ids.has(id) ? id : "unknown";
    }
    const m = byMerchantUser.get(value);
    if (m !== undefined) return m;
    const phone = normalisePhone(value);
    const found = phone ? byPhone.get(phone) : undefined;
    if (found === undefined) return "unknown";
    if (typeof found === "number") return { ambiguous: found };
    return found;
  };
  return { find, hasToken: (id: string) => withToken.has(id) };
}

function* chunks<T>(values: T[]): Generator<T[]> {
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) yield values.slice(i, i + LOOKUP_CHUNK);
}

/** Per customer, in one grouped query per chunk: this month's counted total, and when they were last paid (if in the last 30 days). */
async function customerHistory(database: DbOrTx, ids: string[], now: Date) {
  const month = new Map<string, Minor>();
  const recent = new Map<string, string>();
  const monthStart = wibMonthStartOf(now);
  const since = new Date(now.getTime() - 30 * DAY_MS);
  const from = monthStart < since ? monthStart : since;
  for (const chunk of chunks(ids)) {
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
          sql`${coinPayouts.customerId} = any(${uuidArray(chunk)}::uuid[])`,
          gte(coinPayouts.createdAt, new Date(from.getTime() - 31 * DAY_MS)),
        ),
      )
      .groupBy(coinPayouts.customerId);
    for (const r of rows) {
      const sum = BigInt(r.monthSum);
      if (sum > 0n) month.set(r.customerId, sum);
      const last = r.lastPaid === null ? null : new Date(r.lastPaid);
      if (last && last >= since) recent.set(r.customerId, last.toISOString());
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

  const parsedRows = csv.rows;
  const lookup = await lookupCustomers(database, parsedRows.customer);
  // The rows that resolved, as indexes into the parsed columns plus the customer id found.
  const resolvedAt: number[] = [];
  const resolvedId: string[] = [];
  const firstLine = new Map<string, number>();
  for (let i = 0; i < parsedRows.length; i++) {
    const line = parsedRows.line[i]!;
    const customer = parsedRows.customer[i]!;
    const c = lookup.find(customer);
    if (c === "unknown") {
      errors.push(
        issue(
          line,
          "customerUnknown",
          `No customer “${customer.slice(0, 60)}” (by id, phone or merchant user id).`,
          { value: customer.slice(0, 60) },
        ),
      );
      continue;
    }
    if (typeof c !== "string") {
      errors.push(
        issue(
          line,
          "customerAmbiguous",
          `The phone ${customer.slice(0, 30)} belongs to ${c.ambiguous} customers: give the customer id instead.`,
          { value: customer.slice(0, 30), count: c.ambiguous },
        ),
      );
      continue;
    }
    const seen = firstLine.get(c);
    if (seen !== undefined) {
      errors.push(
        issue(line, "duplicate", `The same customer as line ${seen}: one payout per customer per file.`, {
          first: seen,
        }),
      );
      continue;
    }
    firstLine.set(c, line);
    if (!lookup.hasToken(c)) {
      errors.push(
        issue(
          line,
          "noToken",
          "This customer has not opened the mini-app: Loket holds no token to pay them with.",
          { value: customer.slice(0, 60) },
        ),
      );
      continue;
    }
    resolvedAt.push(i);
    resolvedId.push(c);
  }
  // The file's customer values are not needed any more (the issues above carry what they show).
  firstLine.clear();
  parsedRows.customer = [];

  const history = await customerHistory(database, resolvedId, now);
  const rows: CheckedRow[] = [];
  let total = 0n;
  for (let k = 0; k < resolvedAt.length; k++) {
    const i = resolvedAt[k]!;
    const customerId = resolvedId[k]!;
    const line = parsedRows.line[i]!;
    const amount = parsedRows.amount[i]!;
    const before = history.month.get(customerId) ?? 0n;
    if (limits.perRecipientCap !== null && before + amount > limits.perRecipientCap) {
      errors.push(
        issue(line, "overCap", "This customer's total this month would be over the per-recipient cap.", {
          already: before.toString(),
          amount: amount.toString(),
          cap: limits.perRecipientCap.toString(),
        }),
      );
      continue;
    }
    const last = history.recent.get(customerId);
    if (last)
      warnings.push(
        issue(line, "paidRecently", "This customer was paid coins in the last 30 days.", {
          at: last,
        }),
      );
    rows.push({ line, customerId, amount, description: parsedRows.description[i]! });
    total += amount;
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
