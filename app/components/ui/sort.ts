/** Sorting state in the URL: `?sort=<column>&dir=asc|desc`. Pure, shared by DataTable and loaders. */
export type SortDir = "asc" | "desc";

export function readSort<K extends string>(
  params: URLSearchParams,
  allowed: readonly K[],
  fallback: { sort: K; dir: SortDir },
): { sort: K; dir: SortDir } {
  const sort = params.get("sort");
  const dir = params.get("dir");
  return {
    sort: sort && (allowed as readonly string[]).includes(sort) ? (sort as K) : fallback.sort,
    dir: dir === "asc" || dir === "desc" ? dir : fallback.dir,
  };
}

/**
 * Clicking a column header: the same column flips direction, another column starts descending
 * (newest / largest first is what back-office users look for). Cursors are dropped: they belong
 * to the old order.
 */
export function nextSortSearch(search: string, column: string): string {
  const p = new URLSearchParams(search);
  const same = p.get("sort") === column;
  const dir = same && p.get("dir") !== "asc" ? "asc" : "desc";
  p.set("sort", column);
  p.set("dir", dir);
  p.delete("before");
  p.delete("after");
  return `?${p.toString()}`;
}

export function ariaSort(search: string, column: string): "ascending" | "descending" | "none" {
  const p = new URLSearchParams(search);
  if (p.get("sort") !== column) return "none";
  return p.get("dir") === "asc" ? "ascending" : "descending";
}
