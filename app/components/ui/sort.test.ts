import { describe, expect, it } from "vitest";
import { ariaSort, nextSortSearch, readSort } from "./sort";
import { withParams } from "./pagination";

describe("URL sorting", () => {
  it("starts a new column descending and flips the same column", () => {
    expect(nextSortSearch("?q=abc", "amount")).toBe("?q=abc&sort=amount&dir=desc");
    expect(nextSortSearch("?sort=amount&dir=desc", "amount")).toBe("?sort=amount&dir=asc");
    expect(nextSortSearch("?sort=amount&dir=asc", "amount")).toBe("?sort=amount&dir=desc");
    expect(nextSortSearch("?sort=amount&dir=asc", "createdAt")).toBe("?sort=createdAt&dir=desc");
  });

  it("drops keyset cursors when the order changes", () => {
    expect(nextSortSearch("?after=abc&before=def&status=paid", "amount")).toBe("?status=paid&sort=amount&dir=desc");
  });

  it("reports aria-sort for the active column only", () => {
    expect(ariaSort("?sort=amount&dir=asc", "amount")).toBe("ascending");
    expect(ariaSort("?sort=amount", "amount")).toBe("descending");
    expect(ariaSort("?sort=amount&dir=asc", "createdAt")).toBe("none");
  });

  it("readSort refuses columns not on the allow-list", () => {
    const allowed = ["createdAt", "amount"] as const;
    const fb = { sort: "createdAt" as const, dir: "desc" as const };
    expect(readSort(new URLSearchParams("sort=amount&dir=asc"), allowed, fb)).toEqual({ sort: "amount", dir: "asc" });
    expect(readSort(new URLSearchParams("sort=password_hash&dir=sideways"), allowed, fb)).toEqual(fb);
  });

  it("withParams sets and deletes", () => {
    expect(withParams("?a=1&before=x", { after: "y", before: null })).toBe("?a=1&after=y");
    expect(withParams("", { before: null })).toBe("?");
  });
});
