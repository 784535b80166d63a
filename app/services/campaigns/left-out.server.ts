import { inArray, sql } from "drizzle-orm";
import { customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { csvText } from "~/lib/csv.server";
import type { AudienceProblem, ExclusionReason } from "./audience.server";
import { isUuid } from "~/db/errors.server";

/**
 * What a campaign's audience left out, as the draft stored it on campaigns.audience: every row
 * counted by reason, and the first MAX_PROBLEMS (1,000) problems by line with their reasons. The
 * campaign page shows the counts and the first `show`; the CSV has all that is stored.
 */
/** A left-out problem as the pages show it: a segment's customer (no line) with their name and phone. */
export type ShownProblem = AudienceProblem & { customer?: { name: string | null; phone: string | null } };

/** Adds each line-less problem's customer (name, phone): a segment's left-out rows are people, not lines. */
export async function withCustomers(db: DbOrTx, problems: AudienceProblem[]): Promise<ShownProblem[]> {
  const ids = [...new Set(problems.filter((p) => p.line === null && p.customerId).map((p) => p.customerId!))];
  if (ids.length === 0) return problems;
  const found = await db
    .select({ id: customers.id, name: customers.name, phone: customers.phone })
    .from(customers)
    .where(inArray(customers.id, ids));
  const byId = new Map(found.map((c) => [c.id, { name: c.name, phone: c.phone }]));
  return problems.map((p) =>
    p.line === null && p.customerId && byId.has(p.customerId) ? { ...p, customer: byId.get(p.customerId) } : p,
  );
}

export interface LeftOut {
  excluded: Partial<Record<ExclusionReason, number>>;
  /** All rows left out (counted, not only the stored ones). */
  total: number;
  /** The first `show` stored problems, by line (a segment's: by customer, with their name). */
  problems: ShownProblem[];
  /** How many problems are stored (what the CSV holds). */
  stored: number;
}

type StoredAudience = {
  rejectedRows?: number;
  excluded?: Partial<Record<ExclusionReason, number>>;
  problems?: AudienceProblem[];
};

async function storedAudience(db: DbOrTx, campaignId: string): Promise<StoredAudience | undefined> {
  if (!isUuid(campaignId)) return undefined;
  const [r] = await rows<{ audience: StoredAudience | string | null }>(
    db,
    sql`select audience from campaigns where id = ${campaignId}`,
  );
  if (!r) return undefined;
  const a = typeof r.audience === "string" ? (JSON.parse(r.audience) as StoredAudience) : r.audience;
  return a ?? {};
}

export async function campaignLeftOut(db: DbOrTx, campaignId: string, show = 50): Promise<LeftOut | undefined> {
  const a = await storedAudience(db, campaignId);
  if (!a) return undefined;
  const all = a.problems ?? [];
  const excluded = a.excluded ?? {};
  const counted = Object.values(excluded).reduce<number>((s, n) => s + (n ?? 0), 0);
  const problems = await withCustomers(db, all.slice(0, show));
  return { excluded, total: a.rejectedRows ?? counted, problems, stored: all.length };
}

export const LEFT_OUT_CSV_HEADER = ["line", "reason", "param", "detail", "customer_id"];

/** The stored problems as CSV (at most 1,000 rows: small, built whole); undefined for no such campaign. */
export async function leftOutCsv(db: DbOrTx, campaignId: string): Promise<string | undefined> {
  const a = await storedAudience(db, campaignId);
  if (!a) return undefined;
  const records = (a.problems ?? []).map((p) => [p.line, p.reason, p.param, p.detail, p.customerId]);
  return csvText([LEFT_OUT_CSV_HEADER, ...records], { crlf: true });
}
