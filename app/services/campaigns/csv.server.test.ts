import { describe, expect, it } from "vitest";
import { parseAudienceCsv } from "./csv.server";

const enc = (s: string) => new TextEncoder().encode(s);

describe("parseAudienceCsv", () => {
  it("reads rows with their line numbers; bad rows named by line and reason, the rest go on", async () => {
    const csv = [
      "phone,first_name,Zone", // 1
      "0812-3456-7890,Siti,WIB", // 2
      "", // 3 (blank: skipped, still counted as a line)
      "0812,Budi,WIT", // 4 bad phone
      "+62 812 3456 7891,Ana,wita", // 5
      "08123456789,Eko,EST", // 6 bad zone
      "08123456788,Dewi", // 7 column count
      ",x,", // 8 no id
      '08123456787,"two', // 9–10: a quoted cell across lines starts on line 9
      'lines",WIB',
      '08123456786,"He said ""hi""",', // 11
    ].join("\r\n");
    const r = await parseAudienceCsv(enc(csv));
    expect(r.fatal).toBeUndefined();
    expect(r.columns).toEqual(["phone", "first_name", "Zone"]);
    expect(r.paramColumns).toEqual(["first_name"]);
    expect(r.rows.map((x) => [x.line, x.id, x.zone, x.cells.first_name])).toEqual([
      [2, "6281234567890", "WIB", "Siti"],
      [5, "6281234567891", "WITA", "Ana"],
      [9, "628123456787", "WIB", "two\nlines"],
      [11, "628123456786", null, 'He said "hi"'],
    ]);
    expect(r.problems.map((p) => [p.line, p.reason])).toEqual([
      [4, "bad_phone"],
      [6, "bad_zone"],
      [7, "column_count"],
      [8, "no_id"],
    ]);
    expect(r.rowCount).toBe(8);
  });

  it("a UTF-8 BOM is accepted; `;` delimited files (Excel, Indonesian) too", async () => {
    const r = await parseAudienceCsv(
      enc("\uFEFFcustomer_id;title\n0b6b7a53-4b1e-4a0e-9d7e-2f2f2f2f2f2f;Halo\n"),
    );
    expect(r.fatal).toBeUndefined();
    expect(r.columns).toEqual(["customer_id", "title"]);
    expect(r.rows[0]).toMatchObject({ line: 2, idKind: "customer_id", cells: { title: "Halo" } });
  });

  it("refuses UTF-16 (with or without BOM) and bytes that are not UTF-8, saying the line", async () => {
    const utf16 = Buffer.from("\uFEFFphone,a\n0812345678901,x\n", "utf16le");
    expect((await parseAudienceCsv(utf16)).fatal).toEqual({ code: "utf16" });
    expect((await parseAudienceCsv(Buffer.from("phone,a\n", "utf16le"))).fatal).toEqual({ code: "utf16" });
    const latin1 = Buffer.concat([
      enc("phone,a\n0812345678901,ok\n0812345678902,caf"),
      Buffer.from([0xe9]),
      enc("\n"),
    ]);
    const r = await parseAudienceCsv(latin1);
    expect(r.fatal).toEqual({ code: "not_utf8", line: 3 });
    expect(r.rows).toEqual([]);
  });

  it("enforces the limits: bytes, rows, columns; an empty file or one without an id column is refused", async () => {
    const rows = [
      "phone,a",
      ...Array.from({ length: 11 }, (_, i) => `08123456${String(i).padStart(4, "0")},x`),
    ].join("\n");
    expect((await parseAudienceCsv(enc(rows), { maxRows: 10 })).fatal).toMatchObject({
      code: "too_many_rows",
      line: 12,
    });
    expect((await parseAudienceCsv(enc(rows), { maxRows: 11 })).fatal).toBeUndefined();
    expect((await parseAudienceCsv(enc(rows), { maxBytes: 100 })).fatal).toEqual({ code: "too_large" });
    expect((await parseAudienceCsv(enc("phone,a,b,c\n"), { maxColumns: 3 })).fatal).toMatchObject({
      code: "too_many_columns",
    });
    expect((await parseAudienceCsv(enc(""))).fatal).toEqual({ code: "empty" });
    expect((await parseAudienceCsv(enc("name,title\nSiti,x\n"))).fatal).toMatchObject({
      code: "no_id_column",
    });
    expect((await parseAudienceCsv(enc("phone,Phone\n"))).fatal).toMatchObject({ code: "duplicate_column" });
  });

  it("streams: chunk boundaries inside a multi-byte character or a row change nothing", async () => {
    const text = "merchant_user_id,title\nmu-1,Café ☕ ok\nmu-2,Ünïcödé\n";
    const bytes = enc(text);
    async function* oneByOne() {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    const r = await parseAudienceCsv(oneByOne());
    expect(r.fatal).toBeUndefined();
    expect(r.rows.map((x) => [x.line, x.idKind, x.id, x.cells.title])).toEqual([
      [2, "merchant_user_id", "mu-1", "Café ☕ ok"],
      [3, "merchant_user_id", "mu-2", "Ünïcödé"],
    ]);
  });
});

describe("delimiter", () => {
  it("is read from the whole header line, however the bytes arrive", async () => {
    const bytes = enc("phone;title\n0812345678901;a,b\n");
    async function* oneByOne() {
      for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
    }
    const r = await parseAudienceCsv(oneByOne());
    expect(r.rows[0]).toMatchObject({ line: 2, cells: { title: "a,b" } });
  });
});
