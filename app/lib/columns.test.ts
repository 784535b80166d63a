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

  it("survives the page's encoding (turbo-stream) and is smaller there than row objects", async () => {
    const many: Row[] = Array.from({ length: 50 }, (_, i) => ({ ...rows[i % 2]!, id: `ORD-${i}` }));
    const asColumns = await roundTrip(toColumns(many, keys));
    const asRows = await roundTrip(many);
    expect(fromColumns(asColumns.value)).toEqual(many);
    expect(asColumns.bytes).toBeLessThan(asRows.bytes * 0.8);
  });
});
