import type { MetaDescriptor } from "@remix-run/node";

/** The document title of a section: "Orders · Loket". */
export function pageTitle(section?: string): MetaDescriptor[] {
  return [{ title: section ? `${section} · Loket` : "Loket" }];
}
