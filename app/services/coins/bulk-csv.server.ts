import { createHash } from "node:crypto";
import { parse } from "csv-parse";
import { parseRupiah, type MoneyErrorCode, type Minor } from "~/lib/money";

/**
 * Reading a bulk coin CSV (columns: customer, amount, description), streamed: the bytes are
 * checked (size, encoding) and decoded as they arrive, csv-parse turns them into records, and each
 * record is checked on its own (amount through THE rupiah parser, description length). Customer
 * lookups, caps and totals need the database: bulk-check.server.ts does them over what this returns.
 */

/** Stated on the page and enforced here. 100,000 rows of (uuid, amount, a short description) is ~8 MB. */
export const BULK_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 100_000 } as const;
/** GoPay's limit on a cashback description, counted as GoPay (and the sandbox) count: UTF-16 code units (JS length). */
export const DESCRIPTION_MAX = 256;
/** At most this many problems are sent to the page (the counts are always exact). */
export const MAX_ISSUES_SHOWN = 500;

export type BulkIssueCode =
  | "columns"
  | "malformed"
  | "customerMissing"
  | "customerUnknown"
  | "customerAmbiguous"
  | "noToken"
  | "amount"
  | "amountZero"
  | "overCeiling"
  | "overCap"
  | "descriptionMissing"
  | "descriptionTooLong"
  | "duplicate"
  | "paidRecently";

/** One problem (or warning) at a line of the file; `money` carries the rupiah parser's own refusal. */
export interface BulkIssue {
  line: number;
  code: BulkIssueCode;
  params?: Record<string, string | number>;
  money?: { code: MoneyErrorCode; params?: { amount: string } };
  /** English sentence (logs, tests, the audit detail); the page says it with `code` in its language. */
  message: string;
}

export type BulkFileErrorCode = "empty" | "tooLarge" | "tooManyRows" | "encoding" | "binary" | "header";
export interface BulkFileError {
  code: BulkFileErrorCode;
  params?: Record<string, string | number>;
  message: string;
}

/** A record that passed the checks that need no database. */
export interface ParsedRow {
  line: number;
  customer: string;
  amount: Minor;
  description: string;
}

/**
 * The records that passed, kept as columns (one array per field, index i = the i-th row) rather than
 * one object per row: 100,000 rows are four arrays, not 100,000 objects of four fields.
 */
export interface ParsedRows {
  length: number;
  line: number[];
  customer: string[];
  amount: Minor[];
  description: string[];
}

export interface ParsedCsv {
  rows: ParsedRows;
  issues: BulkIssue[];
  /** Records read (valid or not), header excluded. */
  records: number;
  bytes: number;
  /** sha256 of the bytes: the submit must be the very file whose totals were shown. */
  sha256: string;
}

export type ParseOutcome = { ok: true; csv: ParsedCsv } | { ok: false; error: BulkFileError };

const COLUMN_NAMES: Record<string, "customer" | "amount" | "description"> = {
  customer: "customer",
  customer_id: "customer",
  pelanggan: "customer",
  amount: "amount",
  jumlah: "amount",
  description: "description",
  keterangan: "description",
  deskripsi: "description",
};

class FileRefusal extends Error {
  constructor(readonly refusal: BulkFileError) {
    super(refusal.message);
  }
}

function refusal(
  code: BulkFileErrorCode,
  message: string,
  params?: Record<string, string | number>,
): FileRefusal {
  return new FileRefusal(params ? { code, message, params } : { code, message });
}

/** The first line's separator: Excel in an Indonesian locale writes `;`, elsewhere `,`. */
function sniffDelimiter(firstText: string): string {
  const line = firstText.split(/\r?\n/, 1)[0] ?? "";
  const commas = (line.match(/,/g) ?? []).length;
  const semis = (line.match(/;/g) ?? []).length;
  return semis > commas ? ";" : ",";
}

/**
 * Decodes bytes as UTF-8 (a BOM is accepted and dropped), refusing what is not: UTF-16/32 (their
 * BOM, or NUL bytes), binary files, invalid UTF-8 sequences (an export in Windows-1252 with "é").
 */
async function* decodeUtf8(
  source: AsyncIterable<Uint8Array>,
  counter: { bytes: number; hash: ReturnType<typeof createHash> },
  maxBytes: number,
) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let first = true;
  for await (const chunk of source) {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk as ArrayBuffer);
    counter.bytes += bytes.length;
    if (counter.bytes > maxBytes)
      throw refusal("tooLarge", `The file is larger than ${maxBytes / 1024 / 1024} MB.`, {
        mb: maxBytes / 1024 / 1024,
      });
    counter.hash.update(bytes);
    if (first && bytes.length > 0) {
      first = false;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
        throw refusal(
          "encoding",
          "The file is UTF-16 (Unicode text). Save it as “CSV UTF-8” and upload again.",
          { found: "UTF-16" },
        );
    }
    if (bytes.includes(0))
      throw refusal(
        "binary",
        "The file contains NUL bytes: it is not a CSV text file (UTF-16, or a spreadsheet file?). Save it as “CSV UTF-8”.",
      );
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw refusal(
        "encoding",
        "The file is not UTF-8 (perhaps Windows-1252 or Latin-1). Save it as “CSV UTF-8” and upload again.",
        { found: "not UTF-8" },
      );
    }
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw refusal(
      "encoding",
      "The file ends in the middle of a UTF-8 character. Save it as “CSV UTF-8” and upload again.",
      { found: "truncated UTF-8" },
    );
  }
}

/** An async iterable over the text of the file, with the delimiter seen in its first chunk. */
async function withDelimiter(
  texts: AsyncGenerator<string>,
): Promise<{ delimiter: string; texts: AsyncIterable<string> } | null> {
  const head = await texts.next();
  if (head.done) return null;
  const firstText = head.value;
  async function* all() {
    yield firstText;
    yield* texts;
  }
  return { delimiter: sniffDelimiter(firstText), texts: all() };
}

function issue(line: number, code: BulkIssueCode, message: string, params?: BulkIssue["params"]): BulkIssue {
  return params ? { line, code, message, params } : { line, code, message };
}

/** Checks one record on its own (no database): the customer is given, the amount parses, the description fits. */
export function checkRecord(
  line: number,
  fields: string[],
  perPayoutCeiling: Minor | null,
): { row?: ParsedRow; issues: BulkIssue[] } {
  const issues: BulkIssue[] = [];
  const [customerRaw = "", amountRaw = "", descriptionRaw = ""] = fields;
  const customer = customerRaw.trim();
  const description = descriptionRaw.trim();
  if (!customer)
    issues.push(
      issue(line, "customerMissing", "No customer (give a customer id, phone or merchant user id)."),
    );
  let amount: Minor | undefined;
  const parsed = parseRupiah(amountRaw);
  if (!parsed.ok) {
    issues.push({
      line,
      code: "amount",
      message: `Amount “${amountRaw.trim().slice(0, 40)}”: ${parsed.error}`,
      params: { value: amountRaw.trim().slice(0, 40) },
      money: parsed.params ? { code: parsed.code, params: parsed.params } : { code: parsed.code },
    });
  } else if (parsed.minor <= 0n) {
    issues.push(issue(line, "amountZero", "The amount must be more than Rp 0."));
  } else if (perPayoutCeiling !== null && parsed.minor > perPayoutCeiling) {
    issues.push(
      issue(line, "overCeiling", `The amount is over the per-payout ceiling.`, {
        amount: parsed.minor.toString(),
        ceiling: perPayoutCeiling.toString(),
      }),
    );
  } else {
    amount = parsed.minor;
  }
  if (!description)
    issues.push(issue(line, "descriptionMissing", "No description (the customer sees it in GoPay)."));
  else if (description.length > DESCRIPTION_MAX)
    issues.push(
      issue(
        line,
        "descriptionTooLong",
        `The description has ${description.length} characters; GoPay takes at most ${DESCRIPTION_MAX}.`,
        { length: description.length, max: DESCRIPTION_MAX },
      ),
    );
  if (issues.length || amount === undefined) return { issues };
  return { row: { line, customer, amount, description }, issues };
}

/**
 * Reads a bulk CSV from a byte stream (a File's stream(), a file read stream). File-level problems
 * (size, encoding, header, too many rows) refuse the whole file; anything wrong in a record is an
 * issue at its line, and reading goes on so the person sees every problem at once.
 */
export async function parseBulkCsv(
  source: AsyncIterable<Uint8Array>,
  opts: { perPayoutCeiling: Minor | null; maxBytes?: number; maxRows?: number },
): Promise<ParseOutcome> {
  const maxBytes = opts.maxBytes ?? BULK_LIMITS.maxBytes;
  const maxRows = opts.maxRows ?? BULK_LIMITS.maxRows;
  const counter = { bytes: 0, hash: createHash("sha256") };
  const rows: ParsedRows = { length: 0, line: [], customer: [], amount: [], description: [] };
  const issues: BulkIssue[] = [];
  let records = 0;
  try {
    const head = await withDelimiter(decodeUtf8(source, counter, maxBytes));
    if (!head) return { ok: false, error: { code: "empty", message: "The file is empty." } };
    const parser = parse({
      delimiter: head.delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
    });
    parser.on("skip", (err: Error & { lines?: number }) => {
      issues.push(
        issue(
          err.lines ?? 0,
          "malformed",
          `This line is not valid CSV (${err.message.replace(/^Invalid Record Length: |^Invalid Opening Quote: |^Invalid Closing Quote: /, "").slice(0, 120)}).`,
        ),
      );
    });
    const feed = (async () => {
      try {
        for await (const text of head.texts) {
          if (!parser.write(text)) await new Promise<void>((r) => parser.once("drain", r));
        }
        parser.end();
      } catch (e) {
        parser.destroy(e as Error);
      }
    })();
    let header: Record<"customer" | "amount" | "description", number> | null = null;
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!header) {
        const names = record.map((c) => c.trim().toLowerCase().replace(/\s+/g, "_"));
        const idx = { customer: -1, amount: -1, description: -1 };
        names.forEach((n, i) => {
          const col = COLUMN_NAMES[n];
          if (col && idx[col] === -1) idx[col] = i;
        });
        const missing = (Object.keys(idx) as (keyof typeof idx)[]).filter((k) => idx[k] === -1);
        if (missing.length)
          throw refusal(
            "header",
            `The first line must name the columns customer, amount, description (missing: ${missing.join(", ")}).`,
            { missing: missing.join(", ") },
          );
        header = idx;
        continue;
      }
      records++;
      if (records > maxRows)
        throw refusal(
          "tooManyRows",
          `The file has more than ${maxRows.toLocaleString("en")} rows; split it into several batches.`,
          { max: maxRows },
        );
      const fields = [
        record[header.customer] ?? "",
        record[header.amount] ?? "",
        record[header.description] ?? "",
      ];
      const checked = checkRecord(info.lines, fields, opts.perPayoutCeiling);
      for (const i of checked.issues) issues.push(i);
      if (checked.row) {
        rows.line.push(checked.row.line);
        rows.customer.push(checked.row.customer);
        rows.amount.push(checked.row.amount);
        rows.description.push(checked.row.description);
        rows.length++;
      }
    }
    await feed;
    if (!header) return { ok: false, error: { code: "empty", message: "The file is empty." } };
    if (records === 0 && issues.length === 0)
      return { ok: false, error: { code: "empty", message: "The file has a header but no rows." } };
  } catch (e) {
    if (e instanceof FileRefusal) return { ok: false, error: e.refusal };
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof FileRefusal) return { ok: false, error: cause.refusal };
    throw e;
  }
  return {
    ok: true,
    csv: { rows, issues, records, bytes: counter.bytes, sha256: counter.hash.digest("hex") },
  };
}

/** A Node/Web stream or a Buffer as the byte chunks parseBulkCsv reads. */
export async function* bytesOf(
  input: Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (input instanceof Uint8Array) {
    for (let i = 0; i < input.length; i += 64 * 1024) yield input.subarray(i, i + 64 * 1024);
    return;
  }
  if (typeof (input as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (input as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  yield* input as AsyncIterable<Uint8Array>;
}
