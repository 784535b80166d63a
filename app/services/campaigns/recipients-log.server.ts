import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { csvText } from "~/lib/csv.server";
import { normalisePhone } from "~/lib/phone";
import { formatWibPlain } from "~/lib/time";
import { foldName } from "~/services/customers/fold";
import { isBigintText, isTimestampText, isUuid } from "~/db/errors.server";
import { isStaleCursor } from "~/lib/stale-cursor";
import {
  RECIPIENT_STATUSES,
  type CampaignKind,
  type CampaignProgress,
  type CampaignStatus,
  type RecipientStatus,
  type Schedule,
} from "./types";

/** What the campaign pages read: the list, one campaign with its progress, its per-recipient log and that log as CSV. */

const asDate = (v: Date | string | null | undefined) => (v ? new Date(v) : null);

export async function campaignProgress(
  db: DbOrTx,
  campaignId: string,
  now = new Date(),
): Promise<CampaignProgress> {
  const got = await rows<{ status: RecipientStatus; deferred: boolean; n: number }>(
    db,
    sql`select status, (status = 'pending' and due_at > ${now.toISOString()}::timestamptz) as deferred, count(*)::int as n
        from campaign_recipients where campaign_id = ${campaignId} group by 1, 2`,
  );
  const p: CampaignProgress = {
    total: 0,
    pending: 0,
    deferred: 0,
    sending: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    unknown: 0,
  };
  for (const r of got) {
    const n = Number(r.n);
    p.total += n;
    if (r.status === "pending" && r.deferred) p.deferred += n;
    else p[r.status] += n;
  }
  return p;
}

export interface CampaignSummary {
  id: string;
  name: string;
  kind: CampaignKind;
  status: CampaignStatus;
  templateName: string;
  schedule: Schedule | null;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  throttlePerSecond: number;
  quietStart: string;
  quietEnd: string;
  pauseReason: string | null;
  lastError: string | null;
  progress: CampaignProgress;
}

interface CampaignRowRaw extends Record<string, unknown> {
  id: string;
  name: string;
  kind: CampaignKind;
  status: CampaignStatus;
  template_name: string;
  schedule: Schedule | null;
  scheduled_at: Date | string | null;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  created_at: Date | string;
  throttle_per_second: number;
  quiet_start: string;
  quiet_end: string;
  pause_reason: string | null;
  last_error: string | null;
  cursor: string;
}

const SELECT_CAMPAIGN = sql`select c.id, c.name, c.kind, c.status, t.name as template_name, c.schedule, c.scheduled_at, c.started_at, c.finished_at,
  c.created_at, c.throttle_per_second, c.quiet_start, c.quiet_end, c.pause_reason, c.last_error,
  to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || c.id as cursor
  from campaigns c join campaign_templates t on t.id = c.template_id`;

function toSummary(r: CampaignRowRaw, progress: CampaignProgress): CampaignSummary {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    status: r.status,
    templateName: r.template_name,
    schedule: r.schedule,
    scheduledAt: asDate(r.scheduled_at),
    startedAt: asDate(r.started_at),
    finishedAt: asDate(r.finished_at),
    createdAt: new Date(r.created_at),
    throttlePerSecond: Number(r.throttle_per_second),
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    pauseReason: r.pause_reason,
    lastError: r.last_error,
    progress,
  };
}

export async function getCampaign(
  db: DbOrTx,
  campaignId: string,
  now = new Date(),
): Promise<CampaignSummary | undefined> {
  if (!isUuid(campaignId)) return undefined;
  const [r] = await rows<CampaignRowRaw>(db, sql`${SELECT_CAMPAIGN} where c.id = ${campaignId}`);
  return r ? toSummary(r, await campaignProgress(db, campaignId, now)) : undefined;
}

const encode = (s: string) => Buffer.from(s).toString("base64url");
/**
 * A /campaigns page cursor: `created_at` as UTC text to the microsecond, `|`, the campaign id.
 * undefined for anything malformed — also a shape Postgres would refuse (2026-02-30, hour 25, 36
 * dashes as an id: a 500) — so the list starts at page one.
 */
export function decodeCampaignCursor(s: string | null | undefined): { at: string; id: string } | undefined {
  if (!s) return undefined;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\|(.{36})$/.exec(Buffer.from(s, "base64url").toString("utf8"));
  if (!m) return undefined;
  const at = `${m[1]}Z`;
  return isTimestampText(at) && isUuid(m[2]) ? { at, id: m[2] } : undefined;
}

/** A recipient log cursor: the row's bigserial id (18 digits at most: 19 can pass bigint's range, a 500). */
export function decodeRecipientCursor(s: string | null | undefined): string | undefined {
  return isBigintText(s) ? s : undefined;
}

/** Campaigns, newest first, keyset paged on (created_at, id); each with its progress. */
export async function listCampaigns(
  db: DbOrTx,
  opts: { status?: CampaignStatus; after?: string | null; before?: string | null; limit?: number } = {},
  now = new Date(),
): Promise<{ rows: CampaignSummary[]; olderCursor: string | null; staleCursor: boolean }> {
  const limit = opts.limit ?? 25;
  const after = decodeCampaignCursor(opts.after);
  const where: SQL[] = [sql`true`];
  if (opts.status) where.push(sql`c.status = ${opts.status}`);
  if (after) where.push(sql`(c.created_at, c.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  const got = await rows<CampaignRowRaw>(
    db,
    sql`${SELECT_CAMPAIGN} where ${sql.join(where, sql` and `)} order by c.created_at desc, c.id desc limit ${limit + 1}`,
  );
  const page = got.slice(0, limit);
  const ids = page.map((r) => r.id);
  const counts = ids.length
    ? await rows<{ campaign_id: string; status: RecipientStatus; deferred: boolean; n: number }>(
        db,
        sql`select campaign_id, status, (status = 'pending' and due_at > ${now.toISOString()}::timestamptz) as deferred, count(*)::int as n
            from campaign_recipients where campaign_id = any(${`{${ids.join(",")}}`}::uuid[]) group by 1, 2, 3`,
      )
    : [];
  const byId = new Map<string, CampaignProgress>();
  for (const id of ids)
    byId.set(id, {
      total: 0,
      pending: 0,
      deferred: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      skipped: 0,
      unknown: 0,
    });
  for (const c of counts) {
    const p = byId.get(c.campaign_id)!;
    const n = Number(c.n);
    p.total += n;
    if (c.status === "pending" && c.deferred) p.deferred += n;
    else p[c.status] += n;
  }
  return {
    rows: page.map((r) => toSummary(r, byId.get(r.id)!)),
    olderCursor: got.length > limit ? encode(page[page.length - 1]!.cursor) : null,
    // `before` is never written by Loket's links (this list only pages forward): ignored, and said so.
    staleCursor: isStaleCursor(opts, after),
  };
}

export interface RecipientLogFilters {
  status?: RecipientStatus;
  /** A phone (any form) or a fragment of the name. */
  q?: string;
}

export interface RecipientLogRow {
  id: string;
  customerId: string;
  name: string | null;
  phone: string | null;
  zone: string;
  status: RecipientStatus;
  skipReason: string | null;
  dueAt: Date | null;
  attempts: number;
  httpStatus: number | null;
  gopayCode: string | null;
  gopayMessage: string | null;
  requestId: string;
  sentAt: Date | null;
  updatedAt: Date;
  line: number | null;
}

export function parseLogFilters(sp: URLSearchParams): RecipientLogFilters {
  const status = sp.get("status");
  const q = sp.get("q")?.trim();
  return {
    status: RECIPIENT_STATUSES.find((s) => s === status),
    q: q ? q.slice(0, 100) : undefined,
  };
}

/** One page of a campaign's per-recipient log, in row order, keyset paged on the row id. */
export async function recipientLog(
  db: DbOrTx,
  campaignId: string,
  f: RecipientLogFilters & { after?: string | null; before?: string | null },
  limit = 50,
): Promise<{ rows: RecipientLogRow[]; olderCursor: string | null; newerCursor: string | null; staleCursor: boolean }> {
  const where: SQL[] = [sql`r.campaign_id = ${campaignId}`];
  if (f.status) where.push(sql`r.status = ${f.status}`);
  if (f.q) {
    const phone = /^[+\d\s()-]{5,}$/.test(f.q) ? normalisePhone(f.q) : undefined;
    if (phone) where.push(sql`cu.phone like ${`%${phone.slice(2)}%`}`);
    else where.push(sql`cu.search_name like ${`%${(foldName(f.q) ?? "").replace(/[%_\\]/g, "\\$&")}%`}`);
  }
  const after = decodeRecipientCursor(f.after);
  const before = after ? undefined : decodeRecipientCursor(f.before);
  if (after) where.push(sql`r.id > ${after}::bigint`);
  if (before) where.push(sql`r.id < ${before}::bigint`);
  const got = await rows<Record<string, unknown>>(
    db,
    sql`select r.id::text as id, r.customer_id, cu.name, cu.phone, r.zone, r.status, r.skip_reason, r.due_at, r.attempts, r.http_status,
          r.gopay_code, r.gopay_message, r.request_id, r.sent_at, r.updated_at, r.line
        from campaign_recipients r join customers cu on cu.id = r.customer_id
        where ${sql.join(where, sql` and `)}
        order by r.id ${before ? sql`desc` : sql`asc`} limit ${limit + 1}`,
  );
  const more = got.length > limit;
  const page = got.slice(0, limit);
  if (before) page.reverse();
  const list: RecipientLogRow[] = page.map((r) => ({
    id: String(r.id),
    customerId: String(r.customer_id),
    name: (r.name as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    zone: String(r.zone),
    status: r.status as RecipientStatus,
    skipReason: (r.skip_reason as string | null) ?? null,
    dueAt: asDate(r.due_at as string | null),
    attempts: Number(r.attempts),
    httpStatus: r.http_status === null ? null : Number(r.http_status),
    gopayCode: (r.gopay_code as string | null) ?? null,
    gopayMessage: (r.gopay_message as string | null) ?? null,
    requestId: String(r.request_id),
    sentAt: asDate(r.sent_at as string | null),
    updatedAt: new Date(r.updated_at as string),
    line: r.line === null ? null : Number(r.line),
  }));
  const first = list[0]?.id;
  const last = list[list.length - 1]?.id;
  return {
    rows: list,
    olderCursor: (before ? true : more) && last ? last : null,
    newerCursor: (before ? more : Boolean(after)) && first ? first : null,
    staleCursor: isStaleCursor(f, after ?? before),
  };
}

export const RECIPIENT_CSV_HEADER = [
  "line",
  "customer_id",
  "name",
  "phone",
  "zone",
  "status",
  "skip_reason",
  "attempts",
  "http_status",
  "gopay_code",
  "gopay_message",
  "request_id",
  "due_at_wib",
  "sent_at_wib",
];

/** The filtered per-recipient log as CSV (csv-stringify), streamed 1,000 rows at a time: never the whole campaign in memory. */
export function recipientLogCsv(
  db: DbOrTx,
  campaignId: string,
  f: RecipientLogFilters,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let after: string | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      if (!started) {
        started = true;
        ctrl.enqueue(enc.encode(csvText([RECIPIENT_CSV_HEADER], { crlf: true })));
      }
      const page = await recipientLog(db, campaignId, { ...f, after }, 1_000);
      const records = page.rows.map((r) =>
        [
          r.line,
          r.customerId,
          r.name,
          r.phone,
          r.zone,
          r.status,
          r.skipReason,
          r.attempts,
          r.httpStatus,
          r.gopayCode,
          r.gopayMessage,
          r.requestId,
          r.dueAt ? formatWibPlain(r.dueAt) : "",
          r.sentAt ? formatWibPlain(r.sentAt) : "",
        ],
      );
      if (records.length) ctrl.enqueue(enc.encode(csvText(records, { crlf: true })));
      if (!page.olderCursor) ctrl.close();
      else after = page.olderCursor;
    },
  });
}
