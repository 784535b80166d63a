import { Readable } from "node:stream";
import { parse, type CsvError, type Options } from "csv-parse";
import { ZONE_NAMES, type ZoneName } from "./render";

/**
 * The audience CSV, read STREAMING (csv-parse; never a hand-written parser): bytes are checked
 * and decoded as they arrive (limits, UTF-8 only, a BOM accepted), records come out with their
 * line number. This module only reads the file: who each row is, and whether they may receive
 * the campaign, is audience.server.ts's job (it needs the database).
 *
 * A row names its customer by `customer_id` (Loket's id), `merchant_user_id` or `phone`; any
 * other column is a parameter column; `zone` (WIB / WITA / WIT) is optional.
 */
export const CSV_LIMITS = {
  /** The file's size in bytes (20 MB). */
  maxBytes: 20 * 1024 * 1024,
  /** Data rows, the header not counted. */
  maxRows: 200_000,
  /** Columns in the header. */
  maxColumns: 50,
  /** One cell, in characters. */
  maxCell: 1000,
} as const;
export type CsvLimits = { maxBytes: number; maxRows: number; maxColumns: number; maxCell: number };

export const ID_COLUMNS = ["customer_id", "merchant_user_id", "phone"] as const;
export type IdColumn = (typeof ID_COLUMNS)[number];

/** Why the whole file is refused (nothing of it is used). */
export const CSV_FATAL = [
  "too_large",
  "too_many_rows",
  "too_many_columns",
  "utf16",
  "not_utf8",
  "empty",
  "no_id_column",
  "duplicate_column",
  "unreadable",
] as const;
export type CsvFatalCode = (typeof CSV_FATAL)[number];
export interface CsvFatal {
  code: CsvFatalCode;
  line?: number;
  detail?: string;
}

/** Why one row is left out, at parse time (before the database is asked). */
export const CSV_ROW_PROBLEMS = [
  "malformed",
  "column_count",
  "no_id",
  "bad_phone",
  "bad_customer_id",
  "bad_zone",
  "cell_too_long",
] as const;
export type CsvRowProblem = (typeof CSV_ROW_PROBLEMS)[number];

export interface CsvRow {
  line: number;
  idKind: IdColumn;
  /** The identifier as it is to be looked up: a uuid, a merchant user id, or a phone normalised to 62812…. */
  id: string;
  zone: ZoneName | null;
  /** Cells by column (header as written, trimmed). */
  cells: Record<string, string>;
}

export interface CsvProblem {
  line: number;
  reason: string;
  detail?: string;
}

export interface ParsedCsv {
  /** The header as written (trimmed). */
  columns: string[];
  /** Columns other than the identifiers and the zone: offered as parameter sources. */
  paramColumns: string[];
  rows: CsvRow[];
  problems: CsvProblem[];
  /** Data rows read (valid or not). */
  rowCount: number;
  bytes: number;
  fatal?: CsvFatal;
}

/** `Customer ID` / `customer-id` / `CUSTOMER_ID` → `customer_id`. */
export function normaliseHeader(h: string): string {
  return h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

const HEADER_ALIASES: Record<string, IdColumn | "zone"> = {
  customer_id: "customer_id",
  customerid: "customer_id",
  merchant_user_id: "merchant_user_id",
  merchantuserid: "merchant_user_id",
  phone: "phone",
  phone_number: "phone",
  msisdn: "phone",
  zone: "zone",
  time_zone: "zone",
  timezone: "zone",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Indonesian phone numbers normalised to `62812…` (as app/lib/phone.ts; copied to keep this module free of app imports in the bench). */
function normalisePhone(input: string): string | undefined {
  const digits = input.replace(/[\s\-().]/g, "");
  let d = digits.startsWith("+") ? digits.slice(1) : digits;
  if (!/^\d+$/.test(d)) return undefined;
  if (d.startsWith("0")) d = `62${d.slice(1)}`;
  else if (d.startsWith("8")) d = `62${d}`;
  if (!d.startsWith("62") || d.length < 9 || d.length > 15) return undefined;
  return d;
}

function newlines(record: string[]): number {
  let n = 0;
  for (const cell of record) for (let i = cell.indexOf("\n"); i !== -1; i = cell.indexOf("\n", i + 1)) n++;
  return n;
}

class Fatal extends Error {
  constructor(readonly fatal: CsvFatal) {
    super(fatal.code);
  }
}

/** The line (1-based) at `index` of the text decoded so far plus this chunk. */
function lineAt(linesBefore: number, text: string, index: number): number {
  let n = linesBefore + 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Bytes → UTF-8 text chunks, refusing what is not UTF-8: a UTF-16 file (its BOM, or the NUL
 * bytes UTF-16 puts between ASCII letters), or any byte sequence that is not valid UTF-8 (a file
 * saved as Windows-1252 / Latin-1), said with the line it is on. A UTF-8 BOM is dropped.
 */
async function* utf8Chunks(
  source: AsyncIterable<Uint8Array>,
  limits: CsvLimits,
  counter: { bytes: number },
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let first = true;
  let lines = 0;
  let pendingCr = "";
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    counter.bytes += chunk.length;
    if (counter.bytes > limits.maxBytes) throw new Fatal({ code: "too_large" });
    if (first) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
        throw new Fatal({ code: "utf16" });
      if (chunk.subarray(0, 4096).includes(0)) throw new Fatal({ code: "utf16" });
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      const loose = new TextDecoder("utf-8").decode(chunk);
      throw new Fatal({ code: "not_utf8", line: lineAt(lines, loose, loose.indexOf("\uFFFD")) });
    }
    if (text.includes("\0"))
      throw new Fatal({ code: "utf16", line: lineAt(lines, text, text.indexOf("\0")) });
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
    // CRLF → LF (csv-parse counts a CRLF inside a quoted cell as two lines); a CR ending the chunk waits for the next.
    text = pendingCr + text;
    pendingCr = text.endsWith("\r") ? "\r" : "";
    if (pendingCr) text = text.slice(0, -1);
    text = text.replace(/\r\n/g, "\n");
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw new Fatal({ code: "not_utf8", line: lines + 1 });
  }
  if (pendingCr || rest) yield (pendingCr + rest).replace(/\r\n/g, "\n");
}

/** The delimiter the header line uses: `,` (default), `;` (Excel in Indonesian) or a tab. */
function sniffDelimiter(firstText: string): string {
  const line = firstText.split(/\r?\n/, 1)[0] ?? "";
  const count = (c: string) => line.split(c).length - 1;
  const candidates: Array<[string, number]> = [
    [",", count(",")],
    [";", count(";")],
    ["\t", count("\t")],
  ];
  candidates.sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ",";
}

async function* toAsync(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  // In pieces, as an upload would arrive: the checks see chunk boundaries the same way.
  for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
}

/**
 * Reads the audience CSV. A fatal problem (limits, encoding, header) stops the read and refuses
 * the file; a bad row is recorded with its line and reason, and the read goes on.
 */
export async function parseAudienceCsv(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  limitsIn: Partial<CsvLimits> = {},
): Promise<ParsedCsv> {
  const limits: CsvLimits = { ...CSV_LIMITS, ...limitsIn };
  const counter = { bytes: 0 };
  const out: ParsedCsv = { columns: [], paramColumns: [], rows: [], problems: [], rowCount: 0, bytes: 0 };
  const chunks = utf8Chunks(source instanceof Uint8Array ? toAsync(source) : source, limits, counter);

  let parser: ReturnType<typeof parse> | undefined;
  try {
    // The header line decides the delimiter: read until it is complete (or 64 KB).
    let head = "";
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      head += next.value;
      if (head.includes("\n") || head.length > 65536) break;
    }
    if (!head.trim()) throw new Fatal({ code: "empty" });
    const delimiter = sniffDelimiter(head);
    async function* all(): AsyncGenerator<string> {
      yield head;
      yield* chunks;
    }
    const text = Readable.from(all(), { objectMode: false });
    parser = parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      // A quote inside an unquoted cell (`5" screen`) is text, as spreadsheets write it.
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: limits.maxCell * limits.maxColumns + 1024,
      // The line a record STARTS on: a quoted cell may span lines (ctx.lines is where it ends).
      on_record: (record: string[], ctx: { lines: number }) => ({
        line: ctx.lines - newlines(record),
        record,
      }),
      on_skip: (err: CsvError | undefined) => {
        const line = (err as unknown as { lines?: number } | undefined)?.lines;
        if (out.problems.length < 100_000)
          out.problems.push({ line: line ?? 0, reason: "malformed", detail: err?.message.slice(0, 200) });
        return undefined;
      },
    } as unknown as Options);
    // Errors of the byte source (limits, encoding) reach the parser and end its iteration.
    text.on("error", (err) => parser!.destroy(err));
    text.pipe(parser);

    let header: string[] | undefined;
    let kinds: Array<IdColumn | "zone" | null> = [];
    for await (const item of parser as AsyncIterable<{ line: number; record: string[] }>) {
      const { line, record } = item;
      if (!header) {
        header = record.map((h) => h.trim());
        if (header.length > limits.maxColumns)
          throw new Fatal({ code: "too_many_columns", line, detail: String(header.length) });
        const normalised = header.map(normaliseHeader);
        const dup = normalised.find((h, i) => h !== "" && normalised.indexOf(h) !== i);
        if (dup) throw new Fatal({ code: "duplicate_column", line, detail: dup });
        kinds = normalised.map((h) => HEADER_ALIASES[h] ?? null);
        if (!kinds.some((k) => k && k !== "zone"))
          throw new Fatal({ code: "no_id_column", line, detail: header.join(", ").slice(0, 200) });
        out.columns = header;
        out.paramColumns = header.filter((h, i) => kinds[i] === null && h !== "");
        continue;
      }
      out.rowCount++;
      if (out.rowCount > limits.maxRows) throw new Fatal({ code: "too_many_rows", line });
      if (record.length !== header.length) {
        out.problems.push({ line, reason: "column_count", detail: `${record.length}/${header.length}` });
        continue;
      }
      const row = readRow(line, record, header, kinds, limits);
      if ("reason" in row) out.problems.push(row);
      else out.rows.push(row);
    }
    if (!header) throw new Fatal({ code: "empty" });
  } catch (err) {
    parser?.destroy();
    if (err instanceof Fatal) out.fatal = err.fatal;
    else
      out.fatal = {
        code: "unreadable",
        detail: err instanceof Error ? err.message.slice(0, 200) : String(err),
      };
    await chunks.return(undefined).catch(() => undefined);
  }
  out.bytes = counter.bytes;
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}

function readRow(
  line: number,
  record: string[],
  header: string[],
  kinds: Array<IdColumn | "zone" | null>,
  limits: CsvLimits,
): CsvRow | CsvProblem {
  const ids: Partial<Record<IdColumn, string>> = {};
  let zoneText = "";
  const cells: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) {
    const v = (record[i] ?? "").trim();
    if (v.length > limits.maxCell) return { line, reason: "cell_too_long", detail: header[i] };
    const k = kinds[i];
    if (k === "zone") zoneText = v;
    else if (k) {
      if (v) ids[k] ??= v;
    } else if (header[i]) cells[header[i]!] = v;
  }
  let zone: ZoneName | null = null;
  if (zoneText) {
    const z = zoneText.toUpperCase();
    if (!(ZONE_NAMES as readonly string[]).includes(z))
      return { line, reason: "bad_zone", detail: zoneText.slice(0, 40) };
    zone = z as ZoneName;
  }
  if (ids.customer_id) {
    if (!UUID.test(ids.customer_id))
      return { line, reason: "bad_customer_id", detail: ids.customer_id.slice(0, 60) };
    return { line, idKind: "customer_id", id: ids.customer_id.toLowerCase(), zone, cells };
  }
  if (ids.merchant_user_id)
    return { line, idKind: "merchant_user_id", id: ids.merchant_user_id, zone, cells };
  if (ids.phone) {
    const p = normalisePhone(ids.phone);
    if (!p) return { line, reason: "bad_phone", detail: ids.phone.slice(0, 40) };
    return { line, idKind: "phone", id: p, zone, cells };
  }
  return { line, reason: "no_id" };
}
