/**
 * A list page's "Export CSV" link: its export route with the list's filters, without the page
 * cursors (the export is the whole filtered set). null while any filter is invalid: the export
 * route refuses those with a 400 text, which a download link would save as the "CSV", so the page
 * shows no link and the field errors say what to fix — as /orders does. Pure, client-safe.
 */
export function exportHref(path: string, search: string, errors: Readonly<Record<string, unknown>>): string | null {
  if (Object.values(errors).some(Boolean)) return null;
  const params = new URLSearchParams(search);
  params.delete("after");
  params.delete("before");
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
