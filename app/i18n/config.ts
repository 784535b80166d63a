import type { InitOptions } from "i18next";
import { resources } from "~/locales";

/**
 * The languages Loket speaks and how i18next is set up, shared by the server render
 * (entry.server.tsx), the browser (entry.client.tsx) and meta titles. Every resource is bundled:
 * nothing is fetched over HTTP, so the first byte is already in the staff member's language and
 * hydration renders the same words.
 */
export const SUPPORTED_LANGUAGES = ["id", "en"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
/** Nobody chose and the browser asked for nothing we speak: the merchant's staff are Indonesian. */
export const FALLBACK_LANGUAGE: Language = "id";
export const DEFAULT_NS = "common";
export const NAMESPACES = Object.keys(resources.en) as (keyof (typeof resources)["en"])[];

export function isLanguage(v: unknown): v is Language {
  return typeof v === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(v);
}

/** The BCP 47 tag Intl formats with: Indonesian month names for `id`, day-month-year English for `en`. */
export function localeTag(lng: string | undefined): "id-ID" | "en-GB" {
  return lng === "en" ? "en-GB" : "id-ID";
}

/** The language's own name, for the switcher (always written in that language). */
export const LANGUAGE_NAMES: Record<Language, string> = { id: "Bahasa Indonesia", en: "English" };

export const i18nOptions = {
  supportedLngs: [...SUPPORTED_LANGUAGES],
  fallbackLng: FALLBACK_LANGUAGE,
  defaultNS: DEFAULT_NS,
  ns: NAMESPACES,
  resources,
  // React escapes already; i18next escaping would double-escape "&" in names.
  interpolation: { escapeValue: false },
  // Synchronous init: resources are in memory, so the first render never waits.
  initImmediate: false,
  returnNull: false,
} satisfies InitOptions;
