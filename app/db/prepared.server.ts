import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import * as schema from "~db/schema";
import type { Db } from "./client.server";

/**
 * Named prepared statements for the app's drizzle queries on Postgres, with a bound.
 *
 * drizzle hands postgres.js each query as `unsafe(text, params, { prepare: false })`; postgres.js
 * then sends an unnamed statement with Describe first and waits for the parameter types before it
 * can Bind and Execute — two round trips per statement, and nothing after it can be pipelined.
 * Prepared, the types are known from the first use on each connection (postgres.js keys its
 * per-connection cache by types + text), so every later use is one round trip (docs/benchmarks.md,
 * "Notification ingest" and "prepared statements app-wide").
 *
 * postgres.js keeps a connection's statements until the connection ends (max_lifetime, 30–60 min by
 * default), on both sides: a query whose text varies — `inArray` with lists of different lengths,
 * a multi-row insert — would add one statement per distinct text. So a statement is prepared only if:
 * - it has parameters (one without is one round trip anyway: DDL, migrations, one-off texts);
 * - it is small: at most `maxParams` parameters and `maxTextLength` characters (a bulk insert is not);
 * - its shape — the text with parameter lists and repeated row tuples collapsed — has been seen with
 *   no other text: `in ($1, $2)` and `in ($1, $2, $3)` share a shape, so a list of varying length is
 *   prepared at most twice (one item and the first longer one), never once per length;
 * - fewer than `maxStatements` distinct (types, text) have been admitted on this client.
 * Every statement a connection holds is one of the admitted, so no connection ever holds more than
 * `maxStatements`, however long it lives. The rest run exactly as before (unnamed).
 *
 * Plans: the handle's connections run with plan_cache_mode = force_custom_plan (app/db/client.server.ts),
 * so a prepared statement is planned for its actual values each time, as an unnamed one was —
 * Postgres' generic plans (after five runs) could pick one plan for a skewed filter's every value.
 *
 * PGlite (one process, no wire) is not touched.
 */
export interface PreparedLimits {
  maxStatements: number;
  maxParams: number;
  maxTextLength: number;
}

// ~33 KB of server memory per prepared statement (a 29-column select, pg_backend_memory_contexts):
// 300 is at most ~10 MB per connection. The whole test suite, every feature and factory, admits 769
// distinct texts over all its processes; the longest 2,982 characters, the most parameters 182 (a
// multi-row insert).
export const PREPARED_LIMITS: PreparedLimits = { maxStatements: 300, maxParams: 100, maxTextLength: 8_192 };

export interface PreparedStats {
  /** Distinct (types, text) admitted: the most any connection of this client holds. */
  admitted: number;
  /** Shapes seen with more than one text (variable lists): their new texts run unnamed. */
  varyingShapes: number;
  /** Executions sent unnamed, by reason. */
  unnamed: { noParams: number; tooBig: number; varying: number; full: number };
}

const PARAM = /\$\d+/g;
const PARAM_LIST = /\$(?:::[a-z_][\w]*(?:\[\])?)?(?:\s*,\s*\$(?:::[a-z_][\w]*(?:\[\])?)?)+/gi;
const REPEATED_TUPLE = /(\([^()]*\))(?:\s*,\s*\1)+/g;

/** The text with parameter numbers dropped, lists of parameters and repeated row tuples collapsed. */
export function statementShape(text: string): string {
  return text
    .replace(PARAM, "$")
    .replace(PARAM_LIST, () => "$…")
    .replace(REPEATED_TUPLE, (_m, tuple: string) => `${tuple}…`);
}

// The parameter types postgres.js puts into its cache key (postgres/src/types.js inferType).
function inferType(x: unknown): number {
  if (x instanceof Date) return 1184;
  if (x instanceof Uint8Array) return 17;
  if (x === true || x === false) return 16;
  if (typeof x === "bigint") return 20;
  if (Array.isArray(x)) return inferType(x[0]);
  if (x && typeof x === "object" && "type" in x && typeof (x as { type: unknown }).type === "number") return (x as { type: number }).type;
  return 0;
}

const VARYING = Symbol("varying");

/** Decides, per statement, whether to prepare it; bounded as described above. */
export class StatementBudget {
  private readonly admitted = new Set<string>();
  private readonly shapes = new Map<string, string | typeof VARYING>();
  private varying = 0;
  private readonly unnamed = { noParams: 0, tooBig: 0, varying: 0, full: 0 };

  constructor(readonly limits: PreparedLimits = PREPARED_LIMITS) {}

  shouldPrepare(text: string, args: readonly unknown[] | undefined): boolean {
    if (!args || args.length === 0) return this.refuse("noParams");
    if (args.length > this.limits.maxParams || text.length > this.limits.maxTextLength) return this.refuse("tooBig");
    const key = `${args.map(inferType).join(",")}\u0000${text}`;
    if (this.admitted.has(key)) return true;
    const shape = statementShape(text);
    const seen = this.shapes.get(shape);
    if (seen === VARYING) return this.refuse("varying");
    if (seen !== undefined && seen !== text) {
      this.shapes.set(shape, VARYING);
      this.varying++;
      return this.refuse("varying");
    }
    if (this.admitted.size >= this.limits.maxStatements) return this.refuse("full");
    this.admitted.add(key);
    this.shapes.set(shape, text);
    return true;
  }

  stats(): PreparedStats {
    return { admitted: this.admitted.size, varyingShapes: this.varying, unnamed: { ...this.unnamed } };
  }

  private refuse(reason: keyof PreparedStats["unnamed"]): false {
    this.unnamed[reason]++;
    return false;
  }
}

type Unsafe = (text: string, args?: unknown[], opts?: Record<string, unknown>) => unknown;

/**
 * A postgres.js client whose `unsafe` prepares what `budget` allows, in transactions and savepoints
 * too (drizzle runs every query through `unsafe`, transactions through `begin` / `savepoint`).
 */
export function preparingClient<T extends object>(sql: T, budget: StatementBudget): T {
  return new Proxy(sql, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (key === "unsafe" && typeof value === "function") {
        return (text: string, args?: unknown[], opts?: Record<string, unknown>) =>
          (value as Unsafe).call(target, text, args, { ...opts, prepare: budget.shouldPrepare(text, args) });
      }
      if ((key === "begin" || key === "savepoint") && typeof value === "function") {
        return (...a: unknown[]) => {
          const cb = a.pop() as (c: object) => unknown;
          return (value as (...a: unknown[]) => unknown).call(target, ...a, (c: object) => cb(preparingClient(c, budget)));
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function isPostgresJs(c: unknown): c is postgres.Sql {
  return (
    typeof c === "function" &&
    typeof (c as postgres.Sql).unsafe === "function" &&
    typeof (c as postgres.Sql).begin === "function"
  );
}

const budgets = new WeakMap<object, StatementBudget>();
const wrapped = new WeakMap<object, Db>();

/** Records that `database` (made by openDb over `preparingClient`) prepares within `budget`. */
export function registerPrepared(database: Db, budget: StatementBudget): void {
  budgets.set(database, budget);
}

/** The budget's counters for a database made by openDb on Postgres; undefined for PGlite. */
export function preparedStats(database: Db): PreparedStats | undefined {
  return budgets.get(database)?.stats();
}

/**
 * The same database with bounded prepared statements. A database from openDb already is (it is
 * returned as is), and so is PGlite; kept for callers handed some other drizzle instance.
 */
export function preparedDb(database: Db): Db {
  if (budgets.has(database)) return database;
  const client = (database as unknown as { $client?: unknown }).$client;
  if (!isPostgresJs(client)) return database;
  let d = wrapped.get(database);
  if (!d) {
    const budget = new StatementBudget();
    d = drizzle(preparingClient(client, budget), { schema }) as unknown as Db;
    registerPrepared(d, budget);
    wrapped.set(database, d);
  }
  return d;
}
