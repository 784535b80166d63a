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

async function* toAsync(bytes: Uint8Array | readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  // In pieces, as an upload would arrive: the checks see chunk boundaries the same way.
  for (const b of bytes instanceof Uint8Array ? [bytes] : bytes)
    for (let i = 0; i < b.length; i += 64 * 1024) yield b.subarray(i, i + 64 * 1024);
}

/**
 * An uploaded file's bytes as they arrived, so it can be read after the form's other fields (the
 * template and the parameter sources come after the file in the form): raw bytes only (a
 * 100,000-row file is a few MB), at most `maxBytes` plus the chunk that crosses it (reading that
 * refuses the file as too_large); the rest is drained, never kept.
 */
export async function receiveUpload(
  data: AsyncIterable<Uint8Array>,
  maxBytes: number = CSV_LIMITS.maxBytes,
): Promise<Uint8Array[]> {
  const kept: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of data) {
    if (bytes > maxBytes) continue;
    bytes += chunk.length;
    // A copy: the parser's chunk may be a view into a larger buffer.
    kept.push(Uint8Array.prototype.slice.call(chunk));
  }
  return kept;
}

/** One batch of the file, in line order: the rows that read well, and the problems of the lines read since the last batch. */
export interface CsvBatch {
  rows: CsvRow[];
  problems: CsvProblem[];
}

/**
 * An audience CSV opened for reading: the header is read (and checked); the rows come batch by
 * batch, ONCE, as csv-parse reads them (`batches()`), so a 100,000-row file is never held whole.
 * A fatal problem found later (a bad byte on line 90,000, one row too many) ends the batches and
 * sets `fatal`: whoever used the batches must then drop what it did with them (the draft rolls
 * its transaction back).
 */
export interface AudienceCsv {
  /** The header as written (trimmed). */
  readonly columns: string[];
  /** Columns other than the identifiers and the zone: offered as parameter sources. */
  readonly paramColumns: string[];
  /** Why the file is refused (at open, or once read to the end). */
  readonly fatal: CsvFatal | undefined;
  /** Data rows read so far (valid or not). */
  readonly rowCount: number;
  /** Bytes read so far. */
  readonly bytes: number;
  /** Batches of at most `size` rows + problems; call once. */
  batches(size?: number): AsyncGenerator<CsvBatch>;
}

type Item = { line: number; record: string[] };

class CsvReader implements AudienceCsv {
  columns: string[] = [];
  paramColumns: string[] = [];
  fatal: CsvFatal | undefined;
  rowCount = 0;
  private header: string[] = [];
  private kinds: Array<IdColumn | "zone" | null> = [];
  private problems: CsvProblem[] = [];
  private records: AsyncIterator<Item> | undefined;
  private parser: ReturnType<typeof parse> | undefined;
  private chunks: AsyncGenerator<string>;
  private counter = { bytes: 0 };
  private started = false;

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly limits: CsvLimits,
  ) {
    this.chunks = utf8Chunks(source, limits, this.counter);
  }

  get bytes(): number {
    return this.counter.bytes;
  }

  /** Sniffs the delimiter, starts csv-parse and reads the header record. */
  async open(): Promise<void> {
    try {
      // The header line decides the delimiter: read until it is complete (or 64 KB).
      let head = "";
      for (;;) {
        const next = await this.chunks.next();
        if (next.done) break;
        head += next.value;
        if (head.includes("\n") || head.length > 65536) break;
      }
      if (!head.trim()) throw new Fatal({ code: "empty" });
      const delimiter = sniffDelimiter(head);
      const chunks = this.chunks;
      async function* all(): AsyncGenerator<string> {
        yield head;
        yield* chunks;
      }
      const text = Readable.from(all(), { objectMode: false });
      const parser = parse({
        delimiter,
        bom: true,
        relax_column_count: true,
        // A quote inside an unquoted cell (`5" screen`) is text, as spreadsheets write it.
        relax_quotes: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        max_record_size: this.limits.maxCell * this.limits.maxColumns + 1024,
        // The line a record STARTS on: a quoted cell may span lines (ctx.lines is where it ends).
        on_record: (record: string[], ctx: { lines: number }) => ({
          line: ctx.lines - newlines(record),
          record,
        }),
        on_skip: (err: CsvError | undefined) => {
          const line = (err as unknown as { lines?: number } | undefined)?.lines;
          this.problems.push({ line: line ?? 0, reason: "malformed", detail: err?.message.slice(0, 200) });
          return undefined;
        },
      } as unknown as Options);
      this.parser = parser;
      // Errors of the byte source (limits, encoding) reach the parser and end its iteration.
      text.on("error", (err) => parser.destroy(err));
      text.pipe(parser);
      this.records = (parser as AsyncIterable<Item>)[Symbol.asyncIterator]();

      const first = await this.records.next();
      if (first.done) throw new Fatal({ code: "empty" });
      const { line, record } = first.value;
      const header = record.map((h) => h.trim());
      if (header.length > this.limits.maxColumns)
        throw new Fatal({ code: "too_many_columns", line, detail: String(header.length) });
      const normalised = header.map(normaliseHeader);
      const dup = normalised.find((h, i) => h !== "" && normalised.indexOf(h) !== i);
      if (dup) throw new Fatal({ code: "duplicate_column", line, detail: dup });
      this.kinds = normalised.map((h) => HEADER_ALIASES[h] ?? null);
      if (!this.kinds.some((k) => k && k !== "zone"))
        throw new Fatal({ code: "no_id_column", line, detail: header.join(", ").slice(0, 200) });
      this.header = header;
      this.columns = header;
      this.paramColumns = header.filter((h, i) => this.kinds[i] === null && h !== "");
    } catch (err) {
      await this.fail(err);
    }
  }

  private async fail(err: unknown): Promise<void> {
    if (err instanceof Fatal) this.fatal = err.fatal;
    else
      this.fatal = {
        code: "unreadable",
        detail: err instanceof Error ? err.message.slice(0, 200) : String(err),
      };
    await this.close();
  }

  private async close(): Promise<void> {
    this.records = undefined;
    this.parser?.destroy();
    await this.chunks.return(undefined).catch(() => undefined);
  }

  async *batches(size = 5000): AsyncGenerator<CsvBatch> {
    if (this.started) throw new Error("an audience CSV is read once");
    this.started = true;
    let rows: CsvRow[] = [];
    let finished = false;
    try {
      const records = this.records;
      if (!records || this.fatal) return;
      for (;;) {
        const next = await records.next();
        if (next.done) break;
        const { line, record } = next.value;
        this.rowCount++;
        if (this.rowCount > this.limits.maxRows) throw new Fatal({ code: "too_many_rows", line });
        if (record.length !== this.header.length)
          this.problems.push({
            line,
            reason: "column_count",
            detail: `${record.length}/${this.header.length}`,
          });
        else {
          const row = readRow(line, record, this.header, this.kinds, this.limits);
          if ("reason" in row) this.problems.push(row);
          else rows.push(row);
        }
        // Problems count toward the batch too: a file of bad rows is not held whole either.
        if (rows.length + this.problems.length >= size) {
          const batch = { rows, problems: this.problems };
          rows = [];
          this.problems = [];
          yield batch;
        }
      }
      finished = true;
    } catch (err) {
      await this.fail(err);
      return;
    } finally {
      // The reader stopped early (a consumer's error): release the parser and the byte source.
      if (!finished && !this.fatal) await this.close();
    }
    if (rows.length || this.problems.length) {
      const batch = { rows, problems: this.problems };
      rows = [];
      this.problems = [];
      yield batch;
    }
  }
}

/**
 * Opens the audience CSV: checks the start of the bytes and reads the header. A fatal problem
 * (limits, encoding, header) refuses the file (`fatal`); a bad row is a problem with its line and
 * reason, and the read goes on.
 */
export async function openAudienceCsv(
  source: AsyncIterable<Uint8Array> | Uint8Array | readonly Uint8Array[],
  limitsIn: Partial<CsvLimits> = {},
): Promise<AudienceCsv> {
  const limits: CsvLimits = { ...CSV_LIMITS, ...limitsIn };
  const bytes = source instanceof Uint8Array || Array.isArray(source);
  const reader = new CsvReader(
    bytes ? toAsync(source as Uint8Array | readonly Uint8Array[]) : (source as AsyncIterable<Uint8Array>),
    limits,
  );
  await reader.open();
  return reader;
}

/** A file already read whole (parseAudienceCsv: small files, e.g. the demo data) given as batches, like an open one. */
export function heldAudienceCsv(parsed: ParsedCsv): AudienceCsv {
  let started = false;
  return {
    columns: parsed.columns,
    paramColumns: parsed.paramColumns,
    fatal: parsed.fatal,
    rowCount: parsed.rowCount,
    bytes: parsed.bytes,
    async *batches(size = 5000) {
      if (started) throw new Error("an audience CSV is read once");
      started = true;
      if (parsed.fatal) return;
      const problems = [...parsed.problems];
      for (let i = 0; i < parsed.rows.length; i += size) {
        const rows = parsed.rows.slice(i, i + size);
        const last = i + size >= parsed.rows.length ? Infinity : rows[rows.length - 1]!.line;
        const mine: CsvProblem[] = [];
        while (problems.length && problems[0]!.line <= last) mine.push(problems.shift()!);
        yield { rows, problems: mine };
      }
      if (problems.length) yield { rows: [], problems };
    },
  };
}

/**
 * Reads the whole audience CSV at once (every row held: for small files and tests; the draft and
 * the check read `openAudienceCsv`'s batches instead).
 */
export async function parseAudienceCsv(
  source: AsyncIterable<Uint8Array> | Uint8Array | readonly Uint8Array[],
  limitsIn: Partial<CsvLimits> = {},
): Promise<ParsedCsv> {
  const csv = await openAudienceCsv(source, limitsIn);
  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [];
  for await (const b of csv.batches()) {
    for (const r of b.rows) rows.push(r);
    for (const p of b.problems) problems.push(p);
  }
  problems.sort((a, b) => a.line - b.line);
  return {
    columns: csv.columns,
    paramColumns: csv.paramColumns,
    rows,
    problems,
    rowCount: csv.rowCount,
    bytes: csv.bytes,
    fatal: csv.fatal,
  };
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
