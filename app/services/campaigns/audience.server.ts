import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { customers, orders } from "~db/schema";
import type { TemplateParamDef } from "~db/schema/campaign-templates";
import type { DbOrTx } from "~/db/client.server";
import type { AudienceCsv, CsvFatal, CsvProblem, CsvRow } from "./csv.server";
import {
  fieldsUsed,
  renderParams,
  type CustomerField,
  type CustomerFieldValues,
  type ParamSources,
  type RenderProblem,
  type ZoneName,
} from "./render";
import { recipientZone, type ZoneSource } from "./zones";

/**
 * Who a campaign goes to, checked row by row before anything is saved: every CSV row is matched to
 * one customer (in batches, a few queries per 5,000 rows), must have a mini-app token, appears once,
 * and renders every template parameter within its limits. What fails is kept with its line and
 * reason; what passes is ready to insert as a recipient.
 */

/** Every reason a row (or a segment's customer) is left out. */
export const EXCLUSION_REASONS = [
  // the file
  "malformed",
  "column_count",
  "cell_too_long",
  "no_id",
  "bad_customer_id",
  "bad_phone",
  "bad_zone",
  // the customer
  "unknown_customer",
  "ambiguous_phone",
  "no_token",
  "duplicate",
  // the parameters, after rendering
  "missing_param",
  "param_too_long",
  "param_too_short",
  "bad_value",
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface AudienceProblem {
  /** The CSV line (null for a segment's customer). */
  line: number | null;
  reason: ExclusionReason;
  /** The parameter at fault, for parameter reasons. */
  param?: string;
  /** What was read, e.g. the bad zone, the line of the first occurrence of a duplicate, "72/70" for a length. */
  detail?: string;
  customerId?: string;
}

export interface AudienceRecipient {
  line: number | null;
  customerId: string;
  zone: ZoneName;
  /** Where the zone came from: the CSV's zone column, the customer's record, or neither (WIB). */
  zoneSource: ZoneSource;
  params: Record<string, string>;
}

export interface AudienceCheck {
  /** The first `keep` valid recipients (none when they were handed to `onBatch` instead). */
  recipients: AudienceRecipient[];
  /** How many valid recipients there were (kept or handed on). */
  included: number;
  /** The first MAX_PROBLEMS problems, by line. */
  problems: AudienceProblem[];
  /** Every problem counted by reason (all of them, not only the ones listed). */
  excluded: Partial<Record<ExclusionReason, number>>;
  excludedTotal: number;
  /** Data rows read. */
  rowCount: number;
  /** The file turned out unusable while it was read (whatever was handed to `onBatch` must be dropped). */
  fatal?: CsvFatal;
}

/** Problems listed one by one (all are counted); a file with more says "and N more". */
export const MAX_PROBLEMS = 1000;
const BATCH = 5000;

export function renderReason(p: RenderProblem): ExclusionReason {
  switch (p.code) {
    case "missing":
    case "no_source":
      return "missing_param";
    case "too_long":
      return "param_too_long";
    case "too_short":
      return "param_too_short";
    default:
      return "bad_value";
  }
}

export function renderDetail(p: RenderProblem): string | undefined {
  if (p.code === "too_long" || p.code === "too_short")
    return `${p.length}/${p.code === "too_long" ? p.max : p.min}`;
  return p.value;
}

/** Every problem counted; the MAX_PROBLEMS first by line kept (bounded: trimmed whenever twice that many are held). */
class Collector {
  problems: AudienceProblem[] = [];
  excluded: Partial<Record<ExclusionReason, number>> = {};
  total = 0;
  add(p: AudienceProblem) {
    this.total++;
    this.excluded[p.reason] = (this.excluded[p.reason] ?? 0) + 1;
    this.problems.push(p);
    if (this.problems.length >= MAX_PROBLEMS * 2) this.trim();
  }
  private trim() {
    // Stable: problems of one line stay in the order they were found.
    this.problems = this.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).slice(0, MAX_PROBLEMS);
  }
  done(): Pick<AudienceCheck, "problems" | "excluded" | "excludedTotal"> {
    this.trim();
    return { problems: this.problems, excluded: this.excluded, excludedTotal: this.total };
  }
}

const NEEDS_ORDERS: CustomerField[] = ["last_order_id", "last_order_amount"];
const NEEDS_UNPAID: CustomerField[] = ["last_unpaid_order_id", "last_unpaid_amount", "last_unpaid_due"];

interface CustomerHit {
  id: string;
  merchantUserId: string | null;
  phone: string | null;
  name: string | null;
  email: string | null;
  zone: ZoneName | null;
  hasToken: boolean;
}

const customerCols = {
  id: customers.id,
  merchantUserId: customers.merchantUserId,
  phone: customers.phone,
  name: customers.name,
  email: customers.email,
  zone: customers.zone,
  hasToken: sql<boolean>`(${customers.authTokenEnc} is not null)`,
};

/**
 * The order fields of these customers (their last order, their last unpaid order), only when a
 * parameter reads them: one DISTINCT ON query each over orders_customer_idx.
 */
export async function loadCustomerFields(
  database: DbOrTx,
  list: Array<Pick<CustomerHit, "id" | "name" | "phone" | "email">>,
  used: Set<CustomerField>,
): Promise<Map<string, CustomerFieldValues>> {
  const out = new Map<string, CustomerFieldValues>();
  for (const c of list)
    out.set(c.id, {
      name: c.name,
      phone: c.phone,
      email: c.email,
      lastOrderId: null,
      lastOrderAmount: null,
      lastUnpaidOrderId: null,
      lastUnpaidAmount: null,
      lastUnpaidDueAt: null,
    });
  const ids = list.map((c) => c.id);
  if (ids.length === 0) return out;
  if (NEEDS_ORDERS.some((f) => used.has(f))) {
    const rows = await database
      .selectDistinctOn([orders.customerId], {
        customerId: orders.customerId,
        orderId: orders.orderId,
        amount: orders.amount,
      })
      .from(orders)
      .where(inArray(orders.customerId, ids))
      .orderBy(orders.customerId, desc(orders.createdAt), desc(orders.id));
    for (const r of rows) {
      const v = out.get(r.customerId!);
      if (v) Object.assign(v, { lastOrderId: r.orderId, lastOrderAmount: r.amount });
    }
  }
  if (NEEDS_UNPAID.some((f) => used.has(f))) {
    const rows = await database
      .selectDistinctOn([orders.customerId], {
        customerId: orders.customerId,
        orderId: orders.orderId,
        amount: orders.amount,
        expiresAt: orders.expiresAt,
      })
      .from(orders)
      .where(and(inArray(orders.customerId, ids), eq(orders.status, "pending")))
      .orderBy(orders.customerId, desc(orders.createdAt), desc(orders.id));
    for (const r of rows) {
      const v = out.get(r.customerId!);
      if (v)
        Object.assign(v, {
          lastUnpaidOrderId: r.orderId,
          lastUnpaidAmount: r.amount,
          lastUnpaidDueAt: r.expiresAt,
        });
    }
  }
  return out;
}

async function lookup(
  database: DbOrTx,
  rows: CsvRow[],
): Promise<{
  byId: Map<string, CustomerHit>;
  byMerchant: Map<string, CustomerHit>;
  byPhone: Map<string, CustomerHit[]>;
}> {
  const want = {
    customer_id: new Set<string>(),
    merchant_user_id: new Set<string>(),
    phone: new Set<string>(),
  };
  for (const r of rows) want[r.idKind].add(r.id);
  const byId = new Map<string, CustomerHit>();
  const byMerchant = new Map<string, CustomerHit>();
  const byPhone = new Map<string, CustomerHit[]>();
  if (want.customer_id.size)
    for (const c of await database
      .select(customerCols)
      .from(customers)
      .where(inArray(customers.id, [...want.customer_id])))
      byId.set(c.id, c);
  if (want.merchant_user_id.size)
    for (const c of await database
      .select(customerCols)
      .from(customers)
      .where(inArray(customers.merchantUserId, [...want.merchant_user_id])))
      byMerchant.set(c.merchantUserId!, c);
  if (want.phone.size)
    for (const c of await database
      .select(customerCols)
      .from(customers)
      .where(inArray(customers.phone, [...want.phone]))) {
      const list = byPhone.get(c.phone!) ?? [];
      list.push(c);
      byPhone.set(c.phone!, list);
    }
  return { byId, byMerchant, byPhone };
}

/**
 * Checks an audience CSV against the database and renders every row, batch by batch as the file is
 * read (`csv.batches()`): rows that read badly come with their lines, each batch's rows are looked
 * up, checked and rendered, and the batch is dropped. Nothing is written here. With `onBatch`,
 * each batch's valid recipients are handed over as soon as the batch is checked (the draft inserts
 * them); without it the first `keep` are returned (the wizard's sample). Only the customer ids
 * seen (for duplicates across batches) and the first problems stay in memory.
 */
export async function checkCsvAudience(
  database: DbOrTx,
  csv: Pick<AudienceCsv, "batches" | "fatal" | "rowCount">,
  template: { params: readonly TemplateParamDef[] },
  sources: ParamSources,
  opts: {
    onBatch?: (recipients: AudienceRecipient[]) => Promise<void>;
    keep?: number;
    batchSize?: number;
  } = {},
): Promise<AudienceCheck> {
  const col = new Collector();
  const used = fieldsUsed(sources);
  const needFields = used.size > 0;
  const seen = new Map<string, number>(); // customer id → line it first appeared on
  const recipients: AudienceRecipient[] = [];
  const keep = opts.keep ?? Infinity;
  let included = 0;
  for await (const { rows: batch, problems } of csv.batches(opts.batchSize ?? BATCH)) {
    for (const p of problems as CsvProblem[])
      col.add({ line: p.line, reason: p.reason as ExclusionReason, detail: p.detail });
    if (batch.length === 0) continue;
    const { byId, byMerchant, byPhone } = await lookup(database, batch);
    const matched: Array<{ row: CsvRow; c: CustomerHit }> = [];
    for (const row of batch) {
      let c: CustomerHit | undefined;
      if (row.idKind === "customer_id") c = byId.get(row.id);
      else if (row.idKind === "merchant_user_id") c = byMerchant.get(row.id);
      else {
        const list = byPhone.get(row.id);
        if (list && list.length > 1) {
          col.add({ line: row.line, reason: "ambiguous_phone", detail: `${list.length}` });
          continue;
        }
        c = list?.[0];
      }
      if (!c) {
        col.add({ line: row.line, reason: "unknown_customer", detail: row.id.slice(0, 60) });
        continue;
      }
      const first = seen.get(c.id);
      if (first !== undefined) {
        col.add({ line: row.line, reason: "duplicate", detail: String(first), customerId: c.id });
        continue;
      }
      seen.set(c.id, row.line);
      if (!c.hasToken) {
        col.add({ line: row.line, reason: "no_token", customerId: c.id });
        continue;
      }
      matched.push({ row, c });
    }
    const fields = needFields
      ? await loadCustomerFields(
          database,
          matched.map((m) => m.c),
          used,
        )
      : undefined;
    const ok: AudienceRecipient[] = [];
    for (const { row, c } of matched) {
      const r = renderParams(template.params, sources, { columns: row.cells, customer: fields?.get(c.id) });
      if (!r.ok) {
        for (const p of r.problems)
          col.add({
            line: row.line,
            reason: renderReason(p),
            param: p.param,
            detail: renderDetail(p),
            customerId: c.id,
          });
        // One row with two bad parameters is one excluded row: count it once.
        if (r.problems.length > 1) {
          col.total -= r.problems.length - 1;
        }
        continue;
      }
      ok.push({ line: row.line, customerId: c.id, ...recipientZone(row.zone, c.zone), params: r.params });
    }
    included += ok.length;
    if (opts.onBatch) {
      if (ok.length) await opts.onBatch(ok);
    } else for (const r of ok) if (recipients.length < keep) recipients.push(r);
  }
  return { recipients, included, rowCount: csv.rowCount, fatal: csv.fatal, ...col.done() };
}
