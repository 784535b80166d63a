import type { DbOrTx } from "~/db/client.server";

/**
 * Hand-written SQL for notification ingest's hot statements, on either driver.
 *
 * drizzle rebuilds each statement's text and parameter list on every call (`is()` checks, column
 * escaping, a 28-column select list and its row mapping): under a burst of notifications that was
 * ~20 % of the server's CPU (docs/benchmarks.md, "Notification ingest"). The statements here are
 * fixed texts with numbered parameters, so building one costs nothing and, on Postgres, each is a
 * named prepared statement (one round trip, pipelinable).
 *
 * Portable by construction: every parameter is a string, a boolean or null, cast in the text
 * (`$1::bigint`, `$2::jsonb`); every column read whose JavaScript type differs between the drivers
 * (int8, numeric, timestamps) is read `::text`. So PGlite and postgres.js give the same rows.
 */
export type Row = Record<string, unknown>;
export type RawQuery = <T extends Row = Row>(text: string, params: readonly unknown[]) => Promise<T[]>;

interface PostgresJsLike {
  unsafe: (text: string, params: unknown[], opts: { prepare: boolean }) => PromiseLike<unknown[]> & { execute?: () => PromiseLike<unknown[]> };
}
interface PgliteLike {
  query: (text: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
}

/** The driver client behind a drizzle database or transaction. */
function clientOf(d: DbOrTx): unknown {
  const s = (d as unknown as { session?: { client?: unknown } }).session;
  return s?.client ?? (d as unknown as { $client?: unknown }).$client;
}

/**
 * Runs fixed statements on `d`'s connection (in its transaction, if it is one). Each statement is
 * sent when called, so statements started together go out in call order, pipelined.
 */
export function rawQuery(d: DbOrTx): RawQuery {
  const c = clientOf(d) as Partial<PostgresJsLike & PgliteLike> | undefined;
  if (c && typeof c.unsafe === "function") {
    const unsafe = c.unsafe.bind(c);
    return <T extends Row>(text: string, params: readonly unknown[]) => {
      const q = unsafe(text, params as unknown[], { prepare: true });
      // postgres.js sends a query on its first `then`; execute() sends it now, in call order.
      return (q.execute ? q.execute() : q) as unknown as Promise<T[]>;
    };
  }
  if (c && typeof c.query === "function") {
    const query = c.query.bind(c);
    return <T extends Row>(text: string, params: readonly unknown[]) => query(text, params as unknown[]).then((r) => r.rows as T[]);
  }
  throw new Error("rawQuery: neither a postgres.js nor a PGlite client");
}

/** JSON for a jsonb parameter: bigint as its decimal text (jsonb has no bigint). */
export function jsonParam(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
}
