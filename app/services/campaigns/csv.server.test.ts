import { describe, expect, it } from "vitest";
import { openAudienceCsv, parseAudienceCsv, receiveUpload } from "./csv.server";

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

describe("openAudienceCsv: batch by batch", () => {
  it("gives rows and problems in batches, in line order, each line once; rows counted as read", async () => {
    const lines = ["phone,title"];
    for (let i = 2; i <= 13; i++)
      lines.push(i % 4 === 0 ? `0812,bad ${i}` : `08123456${String(i).padStart(4, "0")},t${i}`);
    const csv = await openAudienceCsv(enc(lines.join("\n")));
    expect(csv.fatal).toBeUndefined();
    expect(csv.columns).toEqual(["phone", "title"]);
    expect(csv.rowCount).toBe(0);
    const seen: number[][] = [];
    for await (const b of csv.batches(4)) {
      expect(b.rows.length + b.problems.length).toBeLessThanOrEqual(4);
      expect(b.problems.every((p) => p.reason === "bad_phone")).toBe(true);
      seen.push([...b.rows.map((r) => r.line), ...b.problems.map((p) => p.line)].sort((a, b) => a - b));
    }
    expect(seen.flat()).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    expect(seen.length).toBe(3);
    expect(csv.rowCount).toBe(12);
    // Read once: a second reader would see nothing (the bytes are gone).
    await expect(csv.batches().next()).rejects.toThrow(/read once/);
  });

  it("a bad byte far into the file ends the batches and refuses the file, with its line", async () => {
    const rows = 60_000; // ~1.3 MB: well past what csv-parse reads ahead
    const text = [
      "phone,title",
      ...Array.from({ length: rows }, (_, i) => `0812${String(i).padStart(8, "0")},t`),
    ].join("\n");
    const bytes = Buffer.concat([enc(text + "\n0812999999999,caf"), Buffer.from([0xe9]), enc("\n")]);
    const csv = await openAudienceCsv(bytes);
    expect(csv.fatal).toBeUndefined();
    let read = 0;
    for await (const b of csv.batches(5000)) read += b.rows.length;
    expect(read).toBeGreaterThan(0); // batches were given before the bad byte was reached
    expect(read).toBeLessThan(rows + 1);
    expect(csv.fatal).toEqual({ code: "not_utf8", line: rows + 2 });
  });

  it("one row over the limit, found after batches were given, refuses the file", async () => {
    const text = [
      "phone",
      ...Array.from({ length: 12 }, (_, i) => `08123456${String(i).padStart(4, "0")}`),
    ].join("\n");
    const csv = await openAudienceCsv(enc(text), { maxRows: 11 });
    let batches = 0;
    for await (const _ of csv.batches(5)) batches++;
    expect(batches).toBe(2);
    expect(csv.fatal).toEqual({ code: "too_many_rows", line: 13 });
  });

  it("an upload is kept as bytes up to the size limit (the rest drained); reading it refuses it as too large", async () => {
    async function* chunks() {
      for (let i = 0; i < 10; i++) yield enc(`${i === 0 ? "phone\n" : ""}${"0812345678901\n".repeat(10)}`);
    }
    const kept = await receiveUpload(chunks(), 300);
    expect(kept.length).toBeLessThan(10);
    expect((await openAudienceCsv(kept, { maxBytes: 300 })).fatal).toEqual({ code: "too_large" });
    const all = await receiveUpload(chunks());
    const csv = await openAudienceCsv(all);
    let n = 0;
    for await (const b of csv.batches()) n += b.rows.length;
    expect([n, csv.fatal]).toEqual([100, undefined]);
  });
});
