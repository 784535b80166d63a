import { encode, decode } from "turbo-stream";
import { describe, expect, it } from "vitest";
import { fromColumns, toColumns } from "./columns";

type Row = { id: string; amount: bigint; at: Date; note: string | null };
const rows: Row[] = [
  { id: "A", amount: 10_000n, at: new Date("2026-11-30T01:02:03Z"), note: null },
  { id: "B", amount: 0n, at: new Date("2026-11-29T00:00:00Z"), note: "x" },
];
const keys = ["id", "amount", "at", "note"] as const;

async function roundTrip<T>(value: T): Promise<{ value: T; bytes: number }> {
  let text = "";
  const utf8 = new TextDecoder();
  const reader = encode(value).getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    text += utf8.decode(chunk, { stream: true });
  }
  const decoded = await decode(new Blob([text]).stream());
  await decoded.done;
  return { value: decoded.value as T, bytes: text.length };
}

describe("columns", () => {
  it("gives back the same rows, in order, with every field (nulls, bigint, Date)", () => {
    expect(fromColumns(toColumns(rows, keys))).toEqual(rows);
  });

  it("an empty list stays empty", () => {
    expect(fromColumns(toColumns<Row>([], keys))).toEqual([]);
  });

  it("packs a field of dates or bigints (nulls allowed) into one string and gives the exact values back", () => {
    type R = { at: Date | null; amount: bigint | null; other: Date | string };
    const big = 2n ** 70n;
    const rs: R[] = [
      { at: new Date("2026-11-30T01:02:03.456Z"), amount: -5n, other: "x" },
      { at: null, amount: null, other: new Date(0) },
      { at: new Date(-1), amount: big, other: "y" },
    ];
    const cols = toColumns(rs, ["at", "amount", "other"]);
    expect(typeof cols.fields.at).toBe("string");
    expect(typeof cols.fields.amount).toBe("string");
    // Mixed kinds stay an array.
    expect(Array.isArray(cols.fields.other)).toBe(true);
    expect(fromColumns(cols)).toEqual(rs);
    expect(fromColumns(cols)[2]!.amount).toBe(big);
  });

  it("leaves a field of only nulls, and an invalid date, as arrays", () => {
    type R = { at: Date | null; n: bigint | null };
    const rs: R[] = [
      { at: new Date(Number.NaN), n: null },
      { at: null, n: null },
    ];
    const cols = toColumns(rs, ["at", "n"]);
    expect(Array.isArray(cols.fields.at)).toBe(true);
    expect(Array.isArray(cols.fields.n)).toBe(true);
    expect(fromColumns(cols)).toEqual(rs);
  });

  it("refuses a packed field whose entry count does not match the rows", () => {
    expect(() => fromColumns<{ at: Date }>({ n: 3, fields: { at: "D:1,2" } })).toThrow(/2 entries for 3 rows/);
  });

  it("survives the page's encoding (turbo-stream) and is smaller there than row objects", async () => {
    const many: Row[] = Array.from({ length: 50 }, (_, i) => ({ ...rows[i % 2]!, id: `ORD-${i}` }));
    const asColumns = await roundTrip(toColumns(many, keys));
    const asRows = await roundTrip(many);
    expect(fromColumns(asColumns.value)).toEqual(many);
    expect(asColumns.bytes).toBeLessThan(asRows.bytes * 0.8);
    // Dates and amounts packed: well under the same columns sent as arrays of values.
    // A real page's times and amounts differ row to row (equal ones turbo-stream shares anyway).
    const distinct: Row[] = many.map((r, i) => ({ ...r, amount: 10_000n * BigInt(i + 1), at: new Date(Date.UTC(2026, 10, 30) - i * 61_000) }));
    const packed = await roundTrip(toColumns(distinct, keys));
    const unpacked = await roundTrip({ n: distinct.length, fields: Object.fromEntries(keys.map((k) => [k, distinct.map((r) => r[k])])) });
    expect(fromColumns(packed.value)).toEqual(distinct);
    expect(packed.bytes).toBeLessThan(unpacked.bytes * 0.75);
  });
});
