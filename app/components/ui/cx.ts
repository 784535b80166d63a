/** Joins class names, skipping falsy ones (a two-line clsx; not worth a dependency). */
export function cx(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
