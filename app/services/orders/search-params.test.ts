import { describe, expect, it } from "vitest";
import { parseOrderSearch } from "./search-params";

const parse = (qs: string) => parseOrderSearch(new URLSearchParams(qs), new Date("2026-11-30T03:00:00Z"));

describe("/orders custom dates are day-month-year WIB days", () => {
  it("reads 21-11-2026 and 22/11/2026 as WIB days, the end day included", () => {
    const { filters, errors } = parse("range=custom&from=21-11-2026&to=22/11/2026");
    expect(errors).toEqual({});
    expect(filters.createdFrom).toEqual(new Date("2026-11-20T17:00:00Z"));
    expect(filters.createdTo).toEqual(new Date("2026-11-22T17:00:00Z"));
  });

  it("still reads an older link's 2026-11-21", () => {
    expect(parse("range=custom&from=2026-11-21").filters.createdFrom).toEqual(new Date("2026-11-20T17:00:00Z"));
  });

  it("answers a month-first or impossible date at its field, in words", () => {
    const r = parse("range=custom&from=11/21/2026&to=31-02-2026");
    expect(r.errors).toEqual({ from: "Use a day-month-year date like 21-11-2026.", to: "Use a day-month-year date like 21-11-2026." });
    expect(r.words.from).toEqual({ key: "orders:filterErrors.date" });
    expect(r.values.from).toBe("11/21/2026"); // echoed back as typed
    expect(r.filters.createdFrom).toBeUndefined();
  });
});
