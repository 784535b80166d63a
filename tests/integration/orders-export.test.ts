import { beforeAll, describe, expect, it } from "vitest";
import { CSV_HEADER, exportOrdersCsv, exportOrdersStream } from "../../app/services/orders/export.server";
import { parseOrderSearch } from "../../app/services/orders/search-params";
// Renamed: the lint rule for React hooks would otherwise treat this vitest helper as one.
import { useTestDb as withTestDb } from "../support/db";
import { insertOrders } from "../support/factories";

const t = withTestDb();
const filters = (qs = "") => parseOrderSearch(new URLSearchParams(qs)).filters;

beforeAll(async () => {
  await insertOrders(t.db, [
    {
      orderId: "EXP-1",
      customerName: 'Budi "The Boss", Jr.',
      customerEmail: "=HYPERLINK(\"http://evil\")",
      amount: 1_234_567_89n,
      status: "partially_refunded",
      paidAmount: 1_234_567_89n,
      refundedAmount: 100_00n,
      createdAt: new Date("2026-03-09T17:30:00Z"), // 00:30 WIB on the 10th
      paidAt: new Date("2026-03-09T17:31:05Z"),
    },
    ...Array.from({ length: 9 }, (_, i) => ({ orderId: `EXP-${i + 2}`, createdAt: new Date(Date.UTC(2026, 1, 1, 0, i)) })),
  ]);
});

async function collect(gen: AsyncGenerator<string>) {
  let s = "";
  for await (const c of gen) s += c;
  return s;
}

describe("CSV export", () => {
  it("escapes, guards formulas, writes rupiah and WIB", async () => {
    const csv = await collect(exportOrdersCsv(t.db, filters("q=EXP-1&sort=amount")));
    expect(csv.startsWith(`\uFEFF${CSV_HEADER.join(",")}\r\n`)).toBe(true);
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines[1]).toBe(
      'EXP-1,' +
        lines[1]!.split(",")[1] +
        ',2026-03-10 00:30:00,2026-03-10 00:31:05,partially_refunded,deeplink,GOPAY_WALLET,1234567.89,1234567.89,100,' +
        '"Budi ""The Boss"", Jr.",6281234567890,"\'=HYPERLINK(""http://evil"")"',
    );
    expect(lines[2]).toBe("");
  });

  it("exports the whole filtered set across batches, each row once", async () => {
    const csv = await collect(exportOrdersCsv(t.db, filters(), { batchSize: 3 }));
    const ids = csv.split("\r\n").slice(1, -1).map((l) => l.split(",")[0]);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    const none = await collect(exportOrdersCsv(t.db, filters("q=nothing-like-this")));
    expect(none.split("\r\n").filter(Boolean)).toHaveLength(1);
  });

  it("streams: the first rows come out after one batch is read, not the whole set", async () => {
    const batches: number[] = [];
    const gen = exportOrdersCsv(t.db, filters(), { batchSize: 3, onBatch: (n) => batches.push(n) });
    expect((await gen.next()).value).toContain("order_id");
    const first = await gen.next();
    expect(first.value!.split("\r\n").filter(Boolean)).toHaveLength(3);
    expect(batches).toEqual([3]);
    await gen.return(undefined);

    const reader = exportOrdersStream(t.db, filters()).getReader();
    const chunk = await reader.read();
    expect(new TextDecoder().decode(chunk.value)).toContain("order_id");
    await reader.cancel();
  });
});
