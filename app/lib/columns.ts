/**
 * A list's rows sent as one array per field instead of one object per row. A page embeds its
 * loader data in the HTML (turbo-stream), where every row object repeats a reference to each of
 * its field names: ~5 KB of a 50-row /orders page. Field by field, each name is said once (values
 * are still shared by turbo-stream when equal, e.g. a status). `fromColumns` gives the rows back.
 *
 * A field whose values are all dates (or all bigints), nulls allowed, goes as one string instead
 * of an array: turbo-stream writes each Date as `["D",ms]` and each bigint as `["B","…"]`, each
 * with its own reference (~25 bytes a value, escaped in the HTML); packed, a date is its epoch
 * milliseconds in base 36 (8 characters) and a bigint its decimal digits, comma-separated, an
 * empty entry for null. Exact both ways: integers, no floats.
 */
export interface Columns<T> {
  /** The number of rows. */
  n: number;
  /** Per field: its values, or (dates, bigints) a packed string — `D:` or `B:` then the entries. */
  fields: { [K in keyof T]: T[K][] | string };
}

type Kind = "D" | "B";

function packable(values: readonly unknown[]): Kind | null {
  let kind: Kind | null = null;
  for (const v of values) {
    if (v === null) continue;
    const k: Kind | null =
      v instanceof Date && Number.isFinite(v.getTime()) ? "D" : typeof v === "bigint" ? "B" : null;
    if (k === null || (kind !== null && k !== kind)) return null;
    kind = k;
  }
  return kind;
}

function pack(kind: Kind, values: readonly unknown[]): string {
  const entries = values.map((v) =>
    v === null ? "" : kind === "D" ? (v as Date).getTime().toString(36) : (v as bigint).toString(),
  );
  return `${kind}:${entries.join(",")}`;
}

function unpack(packed: string, n: number): unknown[] {
  const kind = packed.slice(0, 2);
  if (kind !== "D:" && kind !== "B:") throw new Error(`columns: unknown packed field "${packed.slice(0, 10)}"`);
  // n === 0 packs to "D:" whose split would give one empty entry.
  const entries = n === 0 ? [] : packed.slice(2).split(",");
  if (entries.length !== n) throw new Error(`columns: a packed field has ${entries.length} entries for ${n} rows`);
  return entries.map((e) => (e === "" ? null : kind === "D:" ? new Date(parseInt(e, 36)) : BigInt(e)));
}

export function toColumns<T extends object>(rows: readonly T[], keys: readonly (keyof T)[]): Columns<T> {
  const fields = {} as Columns<T>["fields"];
  for (const k of keys) {
    const values = rows.map((r) => r[k]);
    const kind = rows.length ? packable(values) : null;
    fields[k] = kind ? pack(kind, values) : values;
  }
  return { n: rows.length, fields };
}

export function fromColumns<T extends object>(cols: Columns<T>): T[] {
  const keys = Object.keys(cols.fields) as (keyof T)[];
  const values = keys.map((k) => {
    const f = cols.fields[k];
    return typeof f === "string" ? unpack(f, cols.n) : f;
  });
  const rows: T[] = [];
  for (let i = 0; i < cols.n; i++) {
    const row = {} as T;
    keys.forEach((k, j) => {
      row[k] = values[j]![i] as T[typeof k];
    });
    rows.push(row);
  }
  return rows;
}
