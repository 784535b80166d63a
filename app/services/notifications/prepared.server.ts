import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import * as schema from "~db/schema";
import type { Db } from "~/db/client.server";

/**
 * The same database, with every parameterised statement sent as a named prepared statement.
 *
 * drizzle hands postgres.js each query as `unsafe(text, params, { prepare: false })`; postgres.js
 * then sends an unnamed statement with Describe first and waits for the parameter types before
 * it can Bind and Execute — two round trips per statement. Prepared, the types are known from the
 * first use on each connection (postgres.js keys its cache by text + types), so every later use is
 * one round trip and can be pipelined. Notification ingest runs ~8 statements per notification:
 * under a burst that was half its round trips (docs/benchmarks.md, "Notification ingest").
 *
 * The statement texts here are drizzle's for a fixed set of query shapes, so the per-connection
 * cache stays small. PGlite (one process, no wire) is returned as is.
 */
const cache = new WeakMap<object, Db>();
const prepared = new WeakSet<object>();

type SqlLike = postgres.Sql & { unsafe: postgres.Sql["unsafe"]; begin: postgres.Sql["begin"] };

function isPostgresJs(c: unknown): c is SqlLike {
  return (
    typeof c === "function" &&
    typeof (c as SqlLike).unsafe === "function" &&
    typeof (c as SqlLike).begin === "function"
  );
}

/** A postgres.js client whose `unsafe` prepares, in transactions and savepoints too. */
function preparing<T extends object>(sql: T): T {
  return new Proxy(sql, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === "unsafe" && typeof value === "function") {
        return (text: string, args?: unknown[], opts?: Record<string, unknown>) =>
          (value as (...a: unknown[]) => unknown).call(target, text, args, { ...opts, prepare: true });
      }
      if ((key === "begin" || key === "savepoint") && typeof value === "function") {
        return (...a: unknown[]) => {
          const cb = a.pop() as (c: object) => unknown;
          return (value as (...a: unknown[]) => unknown).call(target, ...a, (c: object) => cb(preparing(c)));
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function preparedDb(database: Db): Db {
  const client = (database as unknown as { $client?: unknown }).$client;
  if (prepared.has(database) || !isPostgresJs(client)) return database;
  let d = cache.get(database);
  if (!d) {
    d = drizzle(preparing(client), { schema }) as unknown as Db;
    cache.set(database, d);
    prepared.add(d);
  }
  return d;
}
