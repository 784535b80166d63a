/**
 * A name folded for search: Unicode compatibility form, accents dropped, lower case, spaces
 * squeezed ("  Siti  NURHALIZA" and "siti nurhalizá" both → "siti nurhaliza"). Written into
 * customers.search_name by code and applied to the query the same way, so Postgres and PGlite
 * agree without the `unaccent` extension.
 */
export function foldName(name: string | null | undefined): string | null {
  if (!name) return null;
  const folded = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
  return folded || null;
}

/** `%`, `_` and `\` taken literally inside a LIKE pattern (the default escape character is `\`). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
