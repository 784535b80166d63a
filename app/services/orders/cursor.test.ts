import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

const ID = "00000000-0000-4000-8000-000000000001";
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), "utf8").toString("base64url");

describe("orders page cursor", () => {
  it("decodes what it encodes, for a time and an amount sort", () => {
    const created = { sort: "created_desc", value: "2026-03-01 07:00:00.123456+07", id: ID } as const;
    expect(decodeCursor(encodeCursor(created), "created_desc")).toEqual(created);
    const amount = { sort: "amount_asc", value: "125000000", id: ID } as const;
    expect(decodeCursor(encodeCursor(amount), "amount_asc")).toEqual(amount);
  });

  it("refuses a cursor made for another sort (the list starts at page one)", () => {
    const c = encodeCursor({ sort: "created_desc", value: "2026-03-01 07:00:00+07", id: ID });
    expect(decodeCursor(c, "created_asc")).toBeUndefined();
    expect(decodeCursor(c, "amount_desc")).toBeUndefined();
  });

  it("refuses nothing, garbage, and a cursor cut short (a link pasted in a chat)", () => {
    const c = encodeCursor({ sort: "created_desc", value: "2026-03-01 07:00:00.123456+07", id: ID });
    expect(decodeCursor(undefined, "created_desc")).toBeUndefined();
    expect(decodeCursor("", "created_desc")).toBeUndefined();
    expect(decodeCursor("garbage", "created_desc")).toBeUndefined();
    for (let cut = 1; cut < c.length; cut++)
      expect(decodeCursor(c.slice(0, c.length - cut), "created_desc"), `cut ${cut}`).toBeUndefined();
  });

  it("refuses the wrong shape: not a triple, not strings, an id that is no uuid", () => {
    expect(decodeCursor(b64({ sort: "created_desc" }), "created_desc")).toBeUndefined();
    expect(decodeCursor(b64(["created_desc", "2026-03-01 07:00:00+07"]), "created_desc")).toBeUndefined();
    expect(
      decodeCursor(b64(["created_desc", "2026-03-01 07:00:00+07", ID, "x"]), "created_desc"),
    ).toBeUndefined();
    expect(decodeCursor(b64(["created_desc", 1772323200000, ID]), "created_desc")).toBeUndefined();
    expect(
      decodeCursor(b64(["created_desc", "2026-03-01 07:00:00+07", "-".repeat(36)]), "created_desc"),
    ).toBeUndefined();
    // Another list's cursor (time, id) is not an orders cursor.
    expect(decodeCursor(b64(["2026-03-01 07:00:00+07", ID]), "created_desc")).toBeUndefined();
  });

  it("refuses values Postgres would refuse (a 500, not a page): impossible dates, amounts past bigint", () => {
    for (const value of ["2026-02-30 10:00:00+00", "2026-01-01 25:00:00+00", "March 7", "1"]) {
      expect(decodeCursor(b64(["created_desc", value, ID]), "created_desc"), value).toBeUndefined();
    }
    for (const value of ["9999999999999999999", "12.5", "1e9", ""]) {
      expect(decodeCursor(b64(["amount_desc", value, ID]), "amount_desc"), value).toBeUndefined();
    }
  });
});
