/**
 * Money is integer minor units (IDR × 100, "sen") as bigint everywhere in code and database.
 * This module is the only place that converts between minor units and text; there is no float path.
 */
import { z } from "zod";

export type Minor = bigint;

export const SEN_PER_RUPIAH = 100n;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** `Rp 10.000` (id-ID grouping); sen shown only when non-zero: `Rp 10.000,50`; negatives `-Rp 5.000`. */
export function formatIdr(minor: Minor): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const rupiah = abs / SEN_PER_RUPIAH;
  const sen = abs % SEN_PER_RUPIAH;
  const body = `Rp ${groupThousands(rupiah.toString())}${sen === 0n ? "" : `,${sen.toString().padStart(2, "0")}`}`;
  return negative ? `-${body}` : body;
}

/** Plain rupiah digits for CSV: `10000` or `10000.50`. */
export function formatRupiahPlain(minor: Minor): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const sen = abs % SEN_PER_RUPIAH;
  const s = `${abs / SEN_PER_RUPIAH}${sen === 0n ? "" : `.${sen.toString().padStart(2, "0")}`}`;
  return negative ? `-${s}` : s;
}

/** Why a typed amount was refused: `common:money.<code>` in app/locales, with `params`. */
export type MoneyErrorCode = "empty" | "notDigits" | "badGrouping" | "tooMuch" | "dotsGroup" | "positive" | "whole" | "moreThanZero" | "atMost";
/** A refusal carries the English sentence (`error`) and its words (`code` + `params`) for the page's language. */
export type ParseResult = { ok: true; minor: Minor } | { ok: false; error: string; code: MoneyErrorCode; params?: { amount: string } };

/** The translation key of a money refusal (app/locales/<lng>/common.ts, `money`). */
export const moneyErrorKey = (code: MoneyErrorCode) => `common:money.${code}` as const;

function fail(code: MoneyErrorCode, error: string, amount?: string): ParseResult {
  return amount === undefined ? { ok: false, error, code } : { ok: false, error, code, params: { amount } };
}

/**
 * The most one GoPay transaction may carry, in whole rupiah: SNAP BI's `transAmount.value` range
 * is "1.00".."99999999999.00" (gopay/contract.md, direct debit payment). A refund, a limit, a
 * coin disbursement or a campaign amount above it can never be paid out in one call, and it also
 * keeps every amount far inside Postgres `bigint` (no overflow on insert, even in the audit row).
 */
export const MAX_TRANSACTION_RUPIAH = 99_999_999_999n;
export const MAX_TRANSACTION_MINOR: Minor = MAX_TRANSACTION_RUPIAH * SEN_PER_RUPIAH;

/** Longer than this is not an amount anyone typed (the ceiling is 18 characters written out with `Rp `). */
const MAX_INPUT_LENGTH = 100;

function groupedRupiah(digits: string): string {
  return groupThousands(digits.replace(/^0+(?=\d)/, ""));
}

/**
 * Parses what a person types as a rupiah amount into minor units of WHOLE rupiah: `150000`,
 * `150.000`, `Rp 150.000`, `Rp. 150.000`, `IDR 150000`, `150 000`, `Rp 150.000,-`. Dots (or spaces)
 * group thousands, as in id-ID. Never throws; every refusal is a sentence for the field:
 * - sen are refused, saying what was probably meant: `1,5` / `1.500,50` / `150.00` → "did you
 *   mean 1 / 1.500 / 150?" (GoPay and the merchant API take whole rupiah);
 * - a comma before exactly three digits (`1,500`, `1,500,000`) is English grouping in a field
 *   whose id-ID reading is a decimal (1,5): the two readings differ 1000×, so we do not guess;
 *   we ask: "did you mean 1.500?";
 * - negatives, letters and bad grouping are refused; so is anything above MAX_TRANSACTION_RUPIAH
 *   (checked on the digits before any bigint is built, so 19 or 40 digits are just "too much").
 * Zero is accepted here (a limit of 0 means "may not refund"); `rupiahField({ positive: true })` refuses it.
 */
export function parseRupiah(input: string): ParseResult {
  const raw = input.trim();
  if (raw === "") return empty();
  if (raw.length > MAX_INPUT_LENGTH) return /^[-−\s\d.,]+$/.test(raw) ? tooMuch() : notDigits();
  // A sign and a currency prefix in either order: "-150.000", "Rp -150.000", "-Rp 150.000", "Rp. 150.000".
  let s = raw;
  let negative = false;
  for (let i = 0; i < 2; i++) {
    s = s.replace(/^(?:rp\.?|idr)\s*/i, "");
    if (/^[-−]/.test(s)) {
      negative = true;
      s = s.replace(/^[-−]\s*/, "");
    }
  }
  s = s
    .replace(/,-+$/, "") // "Rp 150.000,-": the usual way to write whole rupiah
    .replace(/\s*([.,])\s*/g, "$1")
    .replace(/(?<=\d)\s+(?=\d{3}(?!\d))/g, "."); // a space before three digits groups thousands like a dot
  if (s === "") return empty();
  if (/^\d[\d.,\s]*$/.test(s) && /\s/.test(s)) return badGrouping();
  if (!/^\d[\d.,]*$/.test(s)) return notDigits();

  let whole: string; // the digits of whole rupiah
  let fraction: string | null = null; // anything after a decimal mark
  const englishGrouping = /^\d{1,3}(?:,\d{3})+$/.exec(s);
  const idGrouping = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(s);
  const dotDecimal = /^(\d+)\.(\d{1,2})$/.exec(s) ?? /^(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$/.exec(s);
  if (englishGrouping) {
    const digits = s.replace(/,/g, "").replace(/^0+(?=\d)/, "");
    if (digits.length > MAX_TRANSACTION_RUPIAH.toString().length || BigInt(digits) > MAX_TRANSACTION_RUPIAH) return tooMuch();
    return fail("dotsGroup", `Dots group thousands in rupiah: did you mean ${groupedRupiah(digits)}?`, groupedRupiah(digits));
  } else if (idGrouping) {
    whole = idGrouping[1]!.replace(/\./g, "");
    fraction = idGrouping[2] ?? null;
  } else if (dotDecimal) {
    // "150.00" or "1,500.50": a decimal point, English style.
    whole = dotDecimal[1]!.replace(/,/g, "");
    fraction = dotDecimal[2]!;
  } else {
    return badGrouping();
  }
  const digits = whole.replace(/^0+(?=\d)/, "");
  if (digits.length > MAX_TRANSACTION_RUPIAH.toString().length || BigInt(digits) > MAX_TRANSACTION_RUPIAH) return tooMuch();
  if (negative) return fail("positive", `Amounts are positive: did you mean ${groupedRupiah(digits)}?`, groupedRupiah(digits));
  if (fraction !== null) return fail("whole", `Rupiah are whole: did you mean ${groupedRupiah(digits)}?`, groupedRupiah(digits));
  return { ok: true, minor: BigInt(digits) * SEN_PER_RUPIAH };
}

function empty(): ParseResult {
  return fail("empty", "Enter an amount in rupiah, e.g. 150.000.");
}

function badGrouping(): ParseResult {
  return fail("badGrouping", "Use rupiah digits, grouped by dots: e.g. 150.000 or 150000.");
}

function notDigits(): ParseResult {
  return fail("notDigits", "Use rupiah digits, e.g. 150.000 or 150000.");
}

function tooMuch(): ParseResult {
  return fail("tooMuch", `That is more than GoPay moves in one transaction (at most ${formatIdr(MAX_TRANSACTION_MINOR)}).`, formatIdr(MAX_TRANSACTION_MINOR));
}

/** Zero or less where an amount must be positive (the refund dialog and rupiahField say the same). */
export const MORE_THAN_ZERO = { error: "The amount must be more than Rp 0.", code: "moreThanZero" } as const;

/** Above a field's own ceiling. */
export function atMost(max: Minor): { error: string; code: "atMost"; params: { amount: string } } {
  return { error: `At most ${formatIdr(max)}.`, code: "atMost", params: { amount: formatIdr(max) } };
}

/**
 * A form field of rupiah for zod (`z.object({ amount: rupiahField({ positive: true }) })`): the
 * text goes through parseRupiah, its sentence becomes the field's issue, the value is bigint minor
 * units. `optional: true` turns an empty field into null (e.g. "no limit"). Each issue carries
 * `params.i18n` (the sentence's key) and its values: parseAction says it in the staff member's language.
 */
export function rupiahField(opts: { positive?: boolean; optional: true; max?: Minor }): z.ZodType<Minor | null, z.ZodTypeDef, unknown>;
export function rupiahField(opts?: { positive?: boolean; optional?: false; max?: Minor }): z.ZodType<Minor, z.ZodTypeDef, unknown>;
export function rupiahField(opts: { positive?: boolean; optional?: boolean; max?: Minor } = {}): z.ZodType<Minor | null, z.ZodTypeDef, unknown> {
  return z
    .unknown()
    .transform((value, ctx): Minor | null => {
      const text = typeof value === "string" ? value : value === undefined || value === null ? "" : null;
      if (text === null) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter an amount in rupiah, e.g. 150.000.", params: { i18n: moneyErrorKey("empty") } });
        return z.NEVER;
      }
      if (opts.optional && text.trim() === "") return null;
      const r = parseRupiah(text);
      if (!r.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error, params: { i18n: moneyErrorKey(r.code), ...r.params } });
        return z.NEVER;
      }
      if (opts.positive && r.minor <= 0n) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: MORE_THAN_ZERO.error, params: { i18n: moneyErrorKey(MORE_THAN_ZERO.code) } });
        return z.NEVER;
      }
      if (opts.max !== undefined && r.minor > opts.max) {
        const m = atMost(opts.max);
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: m.error, params: { i18n: moneyErrorKey(m.code), ...m.params } });
        return z.NEVER;
      }
      return r.minor;
    });
}

/** SNAP BI amount string: `"10000.00"`. */
export function toSnapAmount(minor: Minor): string {
  if (minor < 0n) throw new RangeError("negative amount");
  return `${minor / SEN_PER_RUPIAH}.${(minor % SEN_PER_RUPIAH).toString().padStart(2, "0")}`;
}

/** Parses a decimal amount string from GoPay (`"10000.00"`, `"10000"`, `"10000.5"`) into minor units. */
export function fromDecimalAmount(value: string | number): Minor {
  const s = typeof value === "number" ? String(value) : value.trim();
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) throw new RangeError(`not an amount: ${JSON.stringify(value)}`);
  return BigInt(m[1]!) * SEN_PER_RUPIAH + BigInt((m[2] ?? "").padEnd(2, "0") || "0");
}

/** Core API request `gross_amount`: an integer number of rupiah. Refuses sen (Core API has none). */
export function toCoreGrossAmount(minor: Minor): number {
  if (minor % SEN_PER_RUPIAH !== 0n) throw new RangeError("Core API amounts are whole rupiah");
  const rupiah = minor / SEN_PER_RUPIAH;
  if (rupiah > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("amount too large");
  return Number(rupiah);
}

export function rupiah(n: number | bigint): Minor {
  return BigInt(n) * SEN_PER_RUPIAH;
}

export function minBig(a: Minor, b: Minor): Minor {
  return a < b ? a : b;
}
