import { Readable, pipeline } from "node:stream";
import { stringify, type Options } from "csv-stringify";
import { stringify as stringifyText } from "csv-stringify/sync";

/**
 * Loket's one CSV writer: every export goes through csv-stringify with the house options, never a
 * hand-written escaper. Quoting is RFC 4180 (a cell holding a comma, a quote or a line break is
 * quoted, its quotes doubled). Formula guard: a TEXT cell starting with = + - @, a tab or a CR (or
 * the full-width ＝ ＋ － ＠) gets a leading apostrophe, so a spreadsheet shows it instead of running
 * it (names, descriptions, emails… come from outside). A JS number or bigint is written as is, a
 * negative one too: pass numbers as numbers, never as their text ("-5" as text is written '-5).
 */

/** A cell: text, or a number the writer computed; null and undefined are an empty cell. */
export type CsvCell = string | number | bigint | null | undefined;

export interface CsvFormat {
  /** CRLF after every line (RFC 4180, what spreadsheet apps expect); LF without. */
  crlf?: boolean;
  /** The UTF-8 BOM first, so spreadsheet apps read names with non-ASCII letters right. */
  bom?: boolean;
}

const houseOptions = (format: CsvFormat): Options => ({
  escape_formulas: true,
  record_delimiter: format.crlf ? "windows" : "unix",
  // why: csv-stringify turns this off whenever record_delimiter is given, and then a lone \n or \r
  // in a cell (a message, an address) is written unquoted and splits the row in two.
  quote_record_delimiter: true,
});

/**
 * Records (arrays of cells, a header is just the first one) as CSV text, every line ended: for the
 * writers that build a batch at a time, one string per batch.
 */
export function csvText(records: readonly (readonly CsvCell[])[], format: CsvFormat = {}): string {
  const text = stringifyText(records as unknown[], houseOptions(format));
  return format.bom ? `\uFEFF${text}` : text;
}

/**
 * Records pulled from a (async) iterable as a CSV byte stream, a header line of `columns` first:
 * a record is read only when the consumer asks for more (backpressure), so memory holds what the
 * source holds (one keyset batch). A source error errors the stream; a consumer that cancels ends
 * the source too (its `finally` runs: a database cursor is closed, not left open).
 */
export function csvStream<C extends string>(
  records: AsyncIterable<Record<C, CsvCell>> | Iterable<Record<C, CsvCell>>,
  opts: CsvFormat & {
    columns: readonly C[];
    /** How a bigint cell is written (default: its digits), e.g. formatRupiahPlain for amounts in sen. */
    bigint?: (value: bigint) => string;
  },
): ReadableStream<Uint8Array> {
  const csv = stringify({
    ...houseOptions(opts),
    header: true,
    columns: [...opts.columns],
    bom: opts.bom ?? false,
    ...(opts.bigint ? { cast: { bigint: opts.bigint } } : {}),
  });
  pipeline(Readable.from(records), csv, () => {
    // why: the error (or the cancel) already reached the consumer through csv; nothing more to do.
  });
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
