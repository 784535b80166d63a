import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "~/env.server";
import { pgErrorCode } from "~/db/errors.server";

/**
 * The app's structured logger. Secrets are never passed to it; the redact list is a second line
 * of defence in case a header object slips into a log call. Tests are silent unless LOG_LEVEL is
 * set (or a test installs its own destination with `setLogDestination`).
 *
 * Errors go through `safeError` (also the serialiser of `err` / `error` keys): a database error
 * carries the SQL and its parameters — customers' names, phones, emails — in its message, its
 * `params`/`parameters` and Postgres's `detail` ("Failing row contains (…)"). The log keeps the
 * SQLSTATE, the constraint/table/column and the statement's name (`insert into "orders"`), never a value.
 */
export const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "*.Authorization",
  "*['x-signature']",
  "*['X-SIGNATURE']",
  "*.accessToken",
  "*.serverKey",
  "*.clientSecret",
  "*.auth_token",
  "*.authToken",
];

let root: Logger | undefined;
let destination: DestinationStream | undefined;

export function logger(): Logger {
  if (!root) {
    const level = destination ? "info" : process.env.VITEST && !process.env.LOG_LEVEL ? "silent" : env().LOG_LEVEL;
    const options = {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: safeError, error: safeError },
    };
    root = destination ? pino(options, destination) : pino(options);
  }
  return root;
}

/** Tests: send log lines to `dest` (at level info) instead of stdout; `undefined` restores the default. */
export function setLogDestination(dest: DestinationStream | undefined): void {
  destination = dest;
  root = undefined;
}

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  statement?: string;
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: SafeError;
}

/** `Failed query: insert into "orders" (…) values ($1, …)\nparams: Sari,0812…` → `Failed query: insert into "orders"`. */
function redactMessage(message: string, isDb: boolean): string {
  let m = message.replace(/Failed query:\s*([\s\S]*)$/i, (_all, sql: string) => `Failed query: ${statementName(sql) ?? "(statement)"}`);
  m = m.replace(/\bparams:[\s\S]*$/i, "params: [redacted]");
  // Postgres quotes the offending value after a colon: `invalid input syntax for type uuid: "…"`.
  if (isDb) m = m.replace(/:\s*(["'])[\s\S]*\1\s*$/, ": [redacted]");
  return m;
}

/** The verb and first table of a SQL statement, never its values: `insert into "orders"`. */
export function statementName(sql: unknown): string | undefined {
  if (typeof sql !== "string") return undefined;
  const s = sql.replace(/\s+/g, " ").trim();
  const m =
    /^(insert into|update|delete from)\s+("?[\w.]+"?(?:\."?[\w]+"?)?)/i.exec(s) ??
    /^(select)\b.*?\bfrom\s+("?[\w.]+"?(?:\."?[\w]+"?)?)/i.exec(s) ??
    /^(with|begin|commit|rollback|savepoint|release|set|lock|create|alter|drop)\b/i.exec(s);
  if (!m) return undefined;
  return m[2] ? `${m[1]!.toLowerCase()} ${m[2]}` : m[1]!.toLowerCase();
}

const alreadySafe = new WeakSet<object>();

/** What may be logged of an error: no SQL parameters, no row values, no values quoted by Postgres. */
export function safeError(err: unknown, depth = 0): SafeError | string {
  if (typeof err === "string") return redactMessage(err, false);
  if (!err || typeof err !== "object") return String(err);
  if (alreadySafe.has(err)) return err as SafeError; // the `err` serialiser after an explicit safeError()
  const e = err as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown };
  const isDb = pgErrorCode(err) !== undefined || typeof e.query === "string";
  const message = redactMessage(typeof e.message === "string" ? e.message : "", isDb);
  const out: SafeError = { type: (e.constructor as { name?: string } | undefined)?.name ?? "Error", message };
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code) out.code = code;
  const statement = statementName(e.query);
  if (statement) out.statement = statement;
  for (const k of ["constraint", "table", "column"] as const) {
    const v = e[k] ?? e[`${k}_name`];
    if (typeof v === "string") out[k] = v;
  }
  // The stack's first line repeats the message: keep only the frames.
  if (typeof e.stack === "string") out.stack = e.stack.split("\n").filter((l) => /^\s+at /.test(l)).join("\n");
  if (e.cause !== undefined && depth < 4) {
    const c = safeError(e.cause, depth + 1);
    out.cause = typeof c === "string" ? { type: "cause", message: c } : c;
  }
  alreadySafe.add(out);
  return out;
}
