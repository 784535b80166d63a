/**
 * Money is integer minor units (IDR × 100, "sen") as bigint everywhere in code and database.
 * This module is the only place that converts between minor units and text; there is no float path.
 */
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

export type ParseResult = { ok: true; minor: Minor } | { ok: false; error: string };

/**
 * Parses what a person types as a rupiah amount: `10000`, `10.000`, `Rp 10.000`, `10.000,50`,
 * `10,000` is refused as ambiguous only when it could be sen (`10,5`); dots group thousands,
 * a comma starts sen (id-ID). Returns minor units or a sentence for the field.
 */
export function parseRupiah(input: string): ParseResult {
  const s = input.trim().replace(/^rp\.?\s*/i, "").replace(/\s+/g, "");
  if (s === "") return { ok: false, error: "Enter an amount in rupiah." };
  if (s.startsWith("-")) return { ok: false, error: "The amount must be positive." };
  const m = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, error: "Use rupiah digits, e.g. 150.000 or 150000." };
  const rupiah = BigInt(m[1]!.replace(/\./g, ""));
  const senText = m[2] ?? "";
  const sen = senText === "" ? 0n : BigInt(senText.padEnd(2, "0"));
  return { ok: true, minor: rupiah * SEN_PER_RUPIAH + sen };
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
