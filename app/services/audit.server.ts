import { and, asc, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { auditLog, type HoldStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isBigintText, isTimestampText } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { isStaleCursor, type CursorParams } from "~/lib/stale-cursor";
import { AUDIT_ACTIONS } from "./audit-actions";

/**
 * The only writer of audit_log. The table is append-only (a trigger refuses UPDATE/DELETE), so
 * pass the transaction that made the change when there is one: the audit row then commits or
 * rolls back with it.
 */
export type AuditResult = "ok" | "denied" | "failed" | "pending" | "unknown";

// The action list lives in audit-actions.ts (the /audit page's bundle loads it); re-exported for the writers.
export { AUDIT_ACTIONS };

export type AuditAction =
  | (typeof AUDIT_ACTIONS)[number]
  /** a hold's money state changed (captured, released, expired…), whoever caused it */
  | `hold.${HoldStatus}`
  /** an unknown operation's outcome learned by the resolve job */
  | `${"hold.capture" | "hold.release"}.resolved`
  /** a merchant API call (one per endpoint) */
  | `api.${string}`;

/** @deprecated the full list is AUDIT_ACTIONS */
export const KNOWN_AUDIT_ACTIONS = AUDIT_ACTIONS;

export interface AuditActor {
  id?: string | null;
  email?: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  amount?: bigint | null;
  idempotencyKey?: string | null;
  request?: unknown;
  result: AuditResult;
  detail?: unknown;
  ip?: string | null;
}

const SECRET_KEY = /password|token|secret|authorization|key|signature/i;
const ALLOWED_KEY = /^idempotency[_-]?key$/i;

export const REDACTED = "[redacted]";

/** True when a field of this name must never be stored: idempotency keys are identifiers, not secrets. */
export function isSecretKey(name: string): boolean {
  return SECRET_KEY.test(name) && !ALLOWED_KEY.test(name);
}

/**
 * A JSON-safe copy with secret-looking fields replaced, at any depth. bigint → string (jsonb
 * cannot hold it), Date → ISO string; cycles are cut rather than thrown on.
 */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== "object") return typeof value === "function" || typeof value === "symbol" ? undefined : value;
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (value instanceof Headers) {
    const out: Record<string, unknown> = {};
    value.forEach((v, k) => (out[k] = isSecretKey(k) ? REDACTED : v));
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k) ? REDACTED : redact(v, seen);
  }
  return out;
}

export async function audit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    amount: entry.amount ?? null,
    idempotencyKey: entry.idempotencyKey ?? null,
    request: entry.request === undefined ? null : redact(entry.request),
    result: entry.result,
    detail: entry.detail === undefined ? null : redact(entry.detail),
    ip: entry.ip ?? null,
  });
}

/**
 * The row `audit` inserts, as one fixed statement and its parameters: for a hot path that sends its
 * own SQL in its own transaction (notification apply, app/services/notifications/sql.server.ts).
 * Same columns, same redaction; jsonb parameters as JSON text.
 */
export const AUDIT_INSERT_SQL =
  "insert into audit_log (actor_id, actor_email, action, target_type, target_id, amount, idempotency_key, request, result, detail, ip) " +
  "values ($1::uuid, $2, $3, $4, $5, $6::bigint, $7, $8::jsonb, $9, $10::jsonb, $11)";

export function auditParams(entry: AuditEntry): (string | null)[] {
  return [
    entry.actor?.id ?? null,
    entry.actor?.email ?? null,
    entry.action,
    entry.targetType ?? null,
    entry.targetId ?? null,
    entry.amount === null || entry.amount === undefined ? null : entry.amount.toString(),
    entry.idempotencyKey ?? null,
    jsonText(entry.request),
    entry.result,
    jsonText(entry.detail),
    entry.ip ?? null,
  ];
}

/** As drizzle stores a jsonb value: SQL NULL for null / undefined, else the redacted JSON. */
function jsonText(v: unknown): string | null {
  const r = v === undefined ? null : redact(v);
  return r === null || r === undefined ? null : JSON.stringify(r);
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

export interface AuditFilters {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** [start, end) instants, from wibRange. */
  range?: { start: Date; end: Date };
}

/** Keyset position (at, id). `at` is kept as text at microsecond precision: a JS Date would lose the µs. */
export interface AuditCursor {
  at: string;
  id: string;
}

// A JSON pair, as the other lists' cursors: one cut short (a link pasted in a chat) loses its closing
// `"]` and is refused. The former `at|id` text was still a valid cursor with the id's last digits
// cut off — another page, shown as the one asked for; such links now answer page one, said so.
export function encodeCursor(c: AuditCursor): string {
  return encodePairCursor(c.at, c.id);
}

/** undefined for anything malformed: the list starts at page one (never a Postgres error). */
export function decodeCursor(s: string | null | undefined): AuditCursor | undefined {
  const p = decodePairCursor(s, isTimestampText, isBigintText);
  return p && { at: p[0], id: p[1] };
}

export interface AuditPage {
  rows: Array<typeof auditLog.$inferSelect & { cursor: string }>;
  /** Cursor for "← Newer" (rows above this page), or null at the top. */
  newer: string | null;
  /** Cursor for "Older →", or null at the end. */
  older: string | null;
}

/** The filters as conditions: the page and its CSV export select the same rows. */
export function auditWhere(f: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
  if (f.range) where.push(gte(auditLog.at, f.range.start), lt(auditLog.at, f.range.end));
  return where;
}

export const atText = sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Newest first, keyset-paginated on (at, id). `after` walks to older rows, `before` to newer
 * ones (fetched ascending and flipped), so each page is an index range scan however deep.
 */
export async function listAudit(
  db: DbOrTx,
  params: { filters: AuditFilters; after?: AuditCursor; before?: AuditCursor; limit?: number },
): Promise<AuditPage> {
  const limit = params.limit ?? 50;
  const where = auditWhere(params.filters);
  const base = [...where];
  const goingNewer = !!params.before && !params.after;
  if (params.after) where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${params.after.at}::timestamptz, ${params.after.id}::bigint)`);
  else if (params.before) where.push(sql`(${auditLog.at}, ${auditLog.id}) > (${params.before.at}::timestamptz, ${params.before.id}::bigint)`);
  const fetched = await db
    .select({ row: auditLog, atText })
    .from(auditLog)
    .where(and(...where))
    .orderBy(...(goingNewer ? [asc(auditLog.at), asc(auditLog.id)] : [desc(auditLog.at), desc(auditLog.id)]))
    .limit(limit + 1);
  const more = fetched.length > limit;
  const page = fetched.slice(0, limit);
  if (goingNewer) page.reverse();
  const rows = page.map((r) => ({ ...r.row, cursor: encodeCursor({ at: r.atText, id: r.row.id.toString() }) }));
  const first = rows[0];
  const last = rows[rows.length - 1];
  // Is there anything on the other side of the page we came from? One cheap probe each way.
  const exists = async (cmp: SQL) =>
    (await db.select({ id: auditLog.id }).from(auditLog).where(and(...base, cmp)).limit(1)).length > 0;
  let newer: string | null = null;
  let older: string | null = null;
  if (first) {
    const c = decodeCursor(first.cursor)!;
    const hasNewer = goingNewer ? more : !!params.after && (await exists(sql`(${auditLog.at}, ${auditLog.id}) > (${c.at}::timestamptz, ${c.id}::bigint)`));
    if (hasNewer) newer = first.cursor;
  }
  if (last) {
    const c = decodeCursor(last.cursor)!;
    const hasOlder = goingNewer ? await exists(sql`(${auditLog.at}, ${auditLog.id}) < (${c.at}::timestamptz, ${c.id}::bigint)`) : more;
    if (hasOlder) older = last.cursor;
  }
  return { rows, newer, older };
}

/** The /audit page from its URL's raw cursors; one that does not decode is page one, and says so. */
export async function listAuditPage(
  db: DbOrTx,
  filters: AuditFilters,
  cursors: CursorParams,
): Promise<AuditPage & { staleCursor: boolean }> {
  const after = decodeCursor(cursors.after);
  const before = decodeCursor(cursors.before);
  const page = await listAudit(db, { filters, after, before });
  return { ...page, staleCursor: isStaleCursor(cursors, after ?? before) };
}

/** One entry by its id (text from a URL: anything but a bigserial id is no entry), or null. */
export async function getAuditEntry(db: DbOrTx, id: string): Promise<typeof auditLog.$inferSelect | null> {
  if (!isBigintText(id)) return null;
  const [row] = await db.select().from(auditLog).where(eq(auditLog.id, BigInt(id))).limit(1);
  return row ?? null;
}

/** Actions written that AUDIT_ACTIONS does not name (the filter offers both: filterActions). */
export async function auditActions(db: DbOrTx): Promise<string[]> {
  // A skip scan over audit_action_at_idx: one index probe per distinct action, not a read of the
  // whole log (SELECT DISTINCT read all of it on every /audit load: 500,000 entries ≈ 140 ms).
  const seen = await db.execute<{ action: string | null }>(sql`
    with recursive a (action) as (
      select min(${auditLog.action}) from ${auditLog}
      union all
      select (select min(${auditLog.action}) from ${auditLog} where ${auditLog.action} > a.action) from a where a.action is not null
    )
    select action from a where action is not null`);
  const list = Array.isArray(seen) ? seen : (seen as unknown as { rows: { action: string | null }[] }).rows;
  const known = new Set<string>(AUDIT_ACTIONS);
  return list.flatMap((r) => (r.action && !known.has(r.action) ? [r.action] : []));
}
