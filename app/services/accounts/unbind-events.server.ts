import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { customers, payAccountEvents, payAccounts, UNBIND_SOURCES, type UnbindSource } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { isBigintText, isTimestampText } from "~/db/errors.server";
import { decodePairCursor, encodePairCursor } from "~/db/pair-cursor.server";
import { csvText } from "~/lib/csv.server";
import { normalisePhone } from "~/lib/phone";
import { isStaleCursor } from "~/lib/stale-cursor";
import { formatWibPlain, wibRange } from "~/lib/time";
import { SOURCE_LABEL } from "./unbind-labels";

export { SOURCE_LABEL };

export interface UnbindFilters {
  source?: UnbindSource;
  from?: string;
  to?: string;
  q?: string;
  after?: string;
  /** Never written by Loket's links (the list only pages forward): read to say it was ignored. */
  before?: string;
}

export function parseUnbindFilters(p: URLSearchParams) {
  const errors: Record<string, string> = {};
  const f: UnbindFilters = { q: p.get("q")?.trim() || undefined, after: p.get("after") || undefined, before: p.get("before") || undefined };
  const s = p.get("source");
  if (s) {
    if ((UNBIND_SOURCES as readonly string[]).includes(s)) f.source = s as UnbindSource;
    else errors.source = "Pick a source from the list.";
  }
  const from = p.get("from") || undefined;
  const to = p.get("to") || undefined;
  if (from || to) {
    if (!wibRange(from ?? to!, to ?? from!)) errors.from = "Dates are day-month-year, e.g. 21-11-2026 (WIB days).";
    else Object.assign(f, { from: from ?? to, to: to ?? from });
  }
  return { filters: f, errors };
}

function whereOf(f: UnbindFilters): SQL | undefined {
  const w: (SQL | undefined)[] = [eq(payAccountEvents.kind, "unbind")];
  if (f.source) w.push(eq(payAccountEvents.source, f.source));
  if (f.from && f.to) {
    const r = wibRange(f.from, f.to)!;
    w.push(gte(payAccountEvents.at, r.start), lt(payAccountEvents.at, r.end));
  }
  if (f.q) {
    const phone = normalisePhone(f.q);
    w.push(or(eq(payAccounts.accountId, f.q), eq(customers.merchantUserId, f.q), phone ? eq(payAccounts.phone, phone) : undefined, sql`lower(${customers.email}) = lower(${f.q})`));
  }
  return and(...w);
}

const select = {
  id: payAccountEvents.id,
  at: payAccountEvents.at,
  source: payAccountEvents.source,
  reason: payAccountEvents.reason,
  actorLabel: payAccountEvents.actorLabel,
  statusBefore: payAccountEvents.statusBefore,
  accountId: payAccounts.accountId,
  phone: payAccounts.phone,
  customerName: customers.name,
  merchantUserId: customers.merchantUserId,
  keyText: sql<string>`${payAccountEvents.at}::text`,
};

/**
 * An unbind events page cursor: the last row's time (Postgres text, microseconds kept) and event id.
 * The event id, not the account's: one account's two events at the same instant (one transaction's
 * now()) would otherwise tie, and a page boundary between them would skip one.
 */
const decodeEventCursor = (raw: string | undefined) => decodePairCursor(raw, isTimestampText, isBigintText);

/** Every unbind, whoever started it, newest first; keyset on (at, event id). */
export async function listUnbindEvents(db: DbOrTx, f: UnbindFilters, limit = 50) {
  const c = decodeEventCursor(f.after ?? undefined);
  const cursorWhere = c ? sql`(${payAccountEvents.at}, ${payAccountEvents.id}) < (${c[0]}::timestamptz, ${c[1]}::bigint)` : undefined;
  const rows = await db
    .select(select)
    .from(payAccountEvents)
    .innerJoin(payAccounts, eq(payAccounts.id, payAccountEvents.payAccountId))
    .leftJoin(customers, eq(customers.id, payAccounts.customerId))
    .where(and(whereOf(f), cursorWhere))
    .orderBy(desc(payAccountEvents.at), desc(payAccountEvents.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit).map(({ keyText, ...r }) => ({ ...r, id: r.id.toString(), cursor: encodePairCursor(keyText, r.id.toString()) }));
  return { rows: page, olderCursor: more ? page[page.length - 1]!.cursor : null, staleCursor: isStaleCursor(f, c) };
}

const UNBIND_CSV_HEADER = ["at_wib", "account_id", "customer", "merchant_user_id", "phone", "source", "started_by", "reason", "status_before"];

/** The filtered unbind events as CSV (csv-stringify, CRLF), streamed page by page (never the whole set in memory). */
export function unbindEventsCsv(db: DbOrTx, f: UnbindFilters): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let after: string | undefined = undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(ctrl) {
      if (!started) {
        started = true;
        ctrl.enqueue(enc.encode(csvText([UNBIND_CSV_HEADER], { crlf: true })));
      }
      const page = await listUnbindEvents(db, { ...f, after }, 500);
      const records = page.rows.map((r) => [
        formatWibPlain(r.at),
        r.accountId,
        r.customerName,
        r.merchantUserId,
        r.phone,
        r.source ? (SOURCE_LABEL[r.source as UnbindSource] ?? r.source) : "",
        r.actorLabel,
        r.reason,
        r.statusBefore,
      ]);
      if (records.length) ctrl.enqueue(enc.encode(csvText(records, { crlf: true })));
      if (!page.olderCursor) ctrl.close();
      else after = page.olderCursor;
    },
  });
}
