import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvStream, csvText, type CsvCell } from "./csv.server";
import { formatRupiahPlain } from "./money";

const line = (cells: CsvCell[]) => csvText([cells], { crlf: true });

describe("csvText: RFC 4180 quoting", () => {
  it("quotes a cell with a comma, a quote or a line break (quotes doubled); leaves plain cells bare", () => {
    expect(line(["plain", "a,b", 'say "hi"', "two\nlines", "cr\ronly", "both\r\nends"])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\ronly","both\r\nends"\r\n',
    );
    // LF files quote the same cells: a lone \r would otherwise end a record for most readers.
    expect(csvText([["a\nb", "c\rd", "e"]])).toBe('"a\nb","c\rd",e\n');
  });

  it("null and undefined are empty cells, like an empty string", () => {
    expect(line([null, undefined, "", "x"])).toBe(",,,x\r\n");
  });

  it("reads back as written (csv-parse), whatever the cells hold", () => {
    const records = [
      ["id", "name", "note"],
      ["1", 'Budi "The Boss", Jr.', "multi\r\nline\nand\rmore"],
      ["2", "", "ok"],
    ];
    for (const crlf of [true, false])
      expect(parse(csvText(records, { crlf }), { relax_column_count: false })).toEqual(records);
  });

  it("ends every line with CRLF or LF, and puts the BOM first only when asked", () => {
    expect(csvText([["a", "b"], ["c", "d"]], { crlf: true })).toBe("a,b\r\nc,d\r\n");
    expect(csvText([["a", "b"], ["c", "d"]])).toBe("a,b\nc,d\n");
    expect(csvText([["a"]], { crlf: true, bom: true })).toBe("\uFEFFa\r\n");
    expect(csvText([])).toBe("");
  });
});

describe("csvText: the formula guard", () => {
  it("puts an apostrophe before a text cell starting with = + - @, tab or CR (and the full-width forms)", () => {
    for (const lead of ["=", "+", "-", "@", "\t", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"])
      expect(line([`${lead}1+1`])).toBe(`'${lead}1+1\r\n`);
    // A CR first: guarded, then quoted for the line break.
    expect(line(["\r=1+1"])).toBe(`"'\r=1+1"\r\n`);
    // Guarded and quoted: the apostrophe sits inside the quotes.
    expect(line(['=HYPERLINK("http://evil")'])).toBe(`"'=HYPERLINK(""http://evil"")"\r\n`);
  });

  it("leaves a lead character anywhere but first alone", () => {
    expect(line(["a=b", "1+1", "x@y.test", "2026-03-10"])).toBe("a=b,1+1,x@y.test,2026-03-10\r\n");
  });

  it("leaves a negative NUMBER cell alone; the same digits as text are guarded", () => {
    expect(line([-50000, -50000n, 0, 12.5, "-50000"])).toBe("-50000,-50000,0,12.5,'-50000\r\n");
  });
});

async function text(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("csvStream", () => {
  it("a header line, then one line per record in the columns' order; BOM bytes first when asked; LF unless CRLF", async () => {
    const records = [
      { b: "=1", a: "x,y" },
      { a: null, b: -5 },
    ];
    const bytes = await text(csvStream(records, { columns: ["a", "b"], bom: true }));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString("utf8")).toBe(`a,b\n"x,y",'=1\n,-5\n`);
    expect((await text(csvStream(records, { columns: ["a", "b"], crlf: true }))).toString()).toBe(
      `a,b\r\n"x,y",'=1\r\n,-5\r\n`,
    );
  });

  it("no records: the header alone", async () => {
    expect((await text(csvStream([], { columns: ["a", "b"] }))).toString()).toBe("a,b\n");
  });

  it("writes bigint cells with the given formatter, never guarded (a negative amount stays a number)", async () => {
    const records = [{ amount: -5_000_050n, note: "-x" }, { amount: 1_000_00n, note: null }];
    const out = await text(csvStream(records, { columns: ["amount", "note"], bigint: formatRupiahPlain }));
    expect(out.toString()).toBe("amount,note\n-50000.50,'-x\n1000,\n");
  });

  it("pulls records as the consumer reads; a cancel ends the source (its finally runs)", async () => {
    let made = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) yield { n: ++made };
      } finally {
        closed = true;
      }
    }
    const reader = csvStream(endless(), { columns: ["n"] }).getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(true);
    expect(made).toBeLessThan(100_000);
  });

  it("a source that fails errors the stream (the download breaks, it does not end as if complete)", async () => {
    async function* failing() {
      yield { n: 1 };
      throw new Error("db gone");
    }
    await expect(text(csvStream(failing(), { columns: ["n"] }))).rejects.toThrow("db gone");
  });
});
