import type { MetaDescriptor } from "@remix-run/node";
import { createInstance, type TFunction } from "i18next";
import { FALLBACK_LANGUAGE, i18nOptions, isLanguage, NAMESPACES } from "~/i18n/config";
import type { NavKey } from "./layout/nav-items";

/**
 * The document title: "Orders · Loket"; a record's page puts its own name first, "Ayu Pratama ·
 * Customer · Loket", so a row of tabs tells them apart. Empty parts are left out.
 */
export function pageTitle(...parts: (string | null | undefined)[]): MetaDescriptor[] {
  const named = parts.filter((p): p is string => Boolean(p && p.trim()));
  return [{ title: [...named, "Loket"].join(" · ") }];
}

// meta functions run outside React (no hook): one shared instance, resources in memory, sync init.
const metaI18n = createInstance();
void metaI18n.init({ ...i18nOptions, lng: FALLBACK_LANGUAGE });

type Matches = readonly { id: string; data?: unknown }[];

/** A `t` in the page's language (the root loader's `locale`), for `meta` functions. */
export function metaT(matches: Matches): TFunction<typeof NAMESPACES> {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return metaI18n.getFixedT(isLanguage(locale) ? locale : FALLBACK_LANGUAGE, NAMESPACES);
}

/** `meta` of a section page: its navigation name in the page's language, "Pesanan · Loket". */
export function sectionTitle(key: NavKey) {
  return ({ matches }: { matches: Matches }): MetaDescriptor[] => pageTitle(metaT(matches)(`shell:nav.${key}`));
}
