import { describe, expect, it } from "vitest";
import { cursorParams, firstPageHref, isStaleCursor } from "./stale-cursor";

describe("isStaleCursor", () => {
  const position = { at: "2026-03-01 07:00:00+07", id: "00000000-0000-4000-8000-000000000001" };

  it("is stale when a cursor was asked for and none decoded (page one shown instead)", () => {
    expect(isStaleCursor({ after: "garbage" }, undefined)).toBe(true);
    expect(isStaleCursor({ before: "garbage" }, undefined)).toBe(true);
    expect(isStaleCursor({ after: "garbage", before: null }, null)).toBe(true);
    // Both cut short: still page one.
    expect(isStaleCursor({ after: "x", before: "y" }, undefined)).toBe(true);
  });

  it("is not stale when a cursor decoded, whichever of the two the list went from", () => {
    expect(isStaleCursor({ after: "eyJ…" }, position)).toBe(false);
    expect(isStaleCursor({ before: "eyJ…" }, ["2026-03-01 07:00:00+07", position.id])).toBe(false);
    // A list that takes `after` first and ignores `before` is on the page `after` named.
    expect(isStaleCursor({ after: "eyJ…", before: "garbage" }, position)).toBe(false);
    // Cursors that are plain ids (campaign recipients, reconciliation differences).
    expect(isStaleCursor({ after: "42" }, "42")).toBe(false);
  });

  it("is not stale without a cursor, and an empty `after=` / `before=` is no cursor", () => {
    expect(isStaleCursor({}, undefined)).toBe(false);
    expect(isStaleCursor({ after: null, before: null }, undefined)).toBe(false);
    expect(isStaleCursor({ after: "", before: "" }, undefined)).toBe(false);
    expect(isStaleCursor(cursorParams(new URLSearchParams("after=&status=paid")), undefined)).toBe(false);
  });

  it("reads the cursors of a URL", () => {
    expect(cursorParams(new URLSearchParams("status=paid&after=abc"))).toEqual({
      after: "abc",
      before: null,
    });
    expect(cursorParams(new URLSearchParams("before=def"))).toEqual({ after: null, before: "def" });
  });
});

describe("firstPageHref", () => {
  it("keeps the path and every filter, drops both cursors", () => {
    expect(firstPageHref("/orders", "?status=paid&after=garbage&sort=amount&dir=asc")).toBe(
      "/orders?status=paid&sort=amount&dir=asc",
    );
    expect(firstPageHref("/holds", "?before=x&view=expiring&after=y")).toBe("/holds?view=expiring");
    expect(
      firstPageHref("/finance/reports/rows", "source=payments&from=2026-03-01&to=2026-03-31&after=x"),
    ).toBe("/finance/reports/rows?source=payments&from=2026-03-01&to=2026-03-31");
  });

  it("is the bare path when only cursors were in the URL", () => {
    expect(firstPageHref("/orders", "?after=garbage")).toBe("/orders");
    expect(firstPageHref("/audit", "")).toBe("/audit");
  });

  it("keeps a repeated filter (status=a&status=b)", () => {
    expect(firstPageHref("/orders", "?status=paid&status=refunded&after=x")).toBe(
      "/orders?status=paid&status=refunded",
    );
  });
});
