import { stringify } from "csv-stringify/sync";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import type { AudienceProblem, ExclusionReason } from "./audience.server";
import { isUuid } from "~/db/errors.server";

/**
 * What a campaign's audience left out, as the draft stored it on campaigns.audience: every row
 * counted by reason, and the first MAX_PROBLEMS (1,000) problems by line with their reasons. The
 * campaign page shows the counts and the first `show`; the CSV has all that is stored.
 */
export interface LeftOut {
  excluded: Partial<Record<ExclusionReason, number>>;
  /** All rows left out (counted, not only the stored ones). */
  total: number;
  /** The first `show` stored problems, by line. */
  problems: AudienceProblem[];
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
  return { excluded, total: a.rejectedRows ?? counted, problems: all.slice(0, show), stored: all.length };
}

export const LEFT_OUT_CSV_HEADER = ["line", "reason", "param", "detail", "customer_id"];

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /^[=+\-@]/.test(s) ? `'${s}` : s;
};

/** The stored problems as CSV (at most 1,000 rows: small, built whole); undefined for no such campaign. */
export async function leftOutCsv(db: DbOrTx, campaignId: string): Promise<string | undefined> {
  const a = await storedAudience(db, campaignId);
  if (!a) return undefined;
  const records = (a.problems ?? []).map((p) =>
    [p.line, p.reason, p.param, p.detail, p.customerId].map(cell),
  );
  return stringify([LEFT_OUT_CSV_HEADER, ...records], { record_delimiter: "windows" });
}
