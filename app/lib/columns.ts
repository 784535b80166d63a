/**
 * A list's rows sent as one array per field instead of one object per row. A page embeds its
 * loader data in the HTML (turbo-stream), where every row object repeats a reference to each of
 * its field names: ~5 KB of a 50-row /orders page. Field by field, each name is said once (values
 * are still shared by turbo-stream when equal, e.g. a status). `fromColumns` gives the rows back.
 */
export interface Columns<T> {
  /** The number of rows. */
  n: number;
  fields: { [K in keyof T]: T[K][] };
}

export function toColumns<T extends object>(rows: readonly T[], keys: readonly (keyof T)[]): Columns<T> {
  const fields = {} as { [K in keyof T]: T[K][] };
  for (const k of keys) fields[k] = rows.map((r) => r[k]);
  return { n: rows.length, fields };
}

export function fromColumns<T extends object>(cols: Columns<T>): T[] {
  const keys = Object.keys(cols.fields) as (keyof T)[];
  const rows: T[] = [];
  for (let i = 0; i < cols.n; i++) {
    const row = {} as T;
    for (const k of keys) row[k] = cols.fields[k][i]!;
    rows.push(row);
  }
  return rows;
}
