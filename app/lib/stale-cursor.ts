/**
 * Keyset lists read their position from `after` / `before` in the URL. A cursor a list cannot use
 * (cut short when pasted in a chat, edited by hand, made for another sort, from an older version)
 * is dropped and the list starts at page one — which, said nowhere, reads as the page the link
 * promised ("page 3"). Each list's loader answers `staleCursor` from this, and the page says so
 * above the table (StaleCursorNotice). Pure, client-safe.
 */

/** The raw `after` / `before` values of a list's URL (null or "" when absent: no cursor). */
export interface CursorParams {
  after?: string | null;
  before?: string | null;
}

/** The page cursors of a URL, as the lists read them. */
export function cursorParams(params: URLSearchParams): CursorParams {
  return { after: params.get("after"), before: params.get("before") };
}

/**
 * Was the page asked for with a cursor and shown from the top instead? `position` is the decoded
 * cursor the list went from (undefined or null when none decoded). An empty `after=` is no cursor.
 * A list that only pages forward passes its `before` too: no link of Loket's writes one there, so
 * it can only be a link edited or kept from elsewhere, and the list ignored it all the same.
 */
export function isStaleCursor(asked: CursorParams, position: object | string | null | undefined): boolean {
  const wasAsked = Boolean(asked.after) || Boolean(asked.before);
  return wasAsked && (position === undefined || position === null);
}

/** The list's own address from the top: the same path and filters, without the page cursors. */
export function firstPageHref(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  params.delete("after");
  params.delete("before");
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
