import { createCookie } from "@remix-run/node";
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { getCurrentStaff } from "~/auth/session.server";
import { env } from "~/env.server";
import { FALLBACK_LANGUAGE, i18nOptions, isLanguage, SUPPORTED_LANGUAGES, type Language } from "./config";
import { memoizeT } from "./memo-t.server";

/**
 * The language a signed-out browser chose (the login page's switcher, or the last choice made
 * while signed in). Signed in, the staff member's own setting wins and this cookie is ignored, so
 * a shared computer does not carry one person's choice into another's session.
 */
let cookie: ReturnType<typeof createCookie> | undefined;
export function languageCookie() {
  if (!cookie) {
    const e = env();
    cookie = createCookie("loket_lang", {
      path: "/",
      sameSite: "lax",
      httpOnly: true,
      secure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production",
      maxAge: 365 * 24 * 60 * 60,
    });
  }
  return cookie;
}

/** staff.language → (signed out) the cookie → Accept-Language → Bahasa Indonesia. */
async function findLocale(request: Request): Promise<string | null> {
  const staff = await getCurrentStaff(request);
  if (staff) return staff.language ?? null;
  const chosen: unknown = await languageCookie().parse(request.headers.get("Cookie"));
  return isLanguage(chosen) ? chosen : null;
}

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: FALLBACK_LANGUAGE,
    order: ["custom", "header"],
    findLocale,
  },
  i18next: i18nOptions,
});

/** The language this request is answered in. */
export async function getLanguage(request: Request): Promise<Language> {
  const lng = await i18nServer.getLocale(request);
  return isLanguage(lng) ? lng : FALLBACK_LANGUAGE;
}

/**
 * One initialised i18next instance per language, shared by every request: the server render
 * (entry.server.tsx) and loaders' `requestT`. Building and initialising an instance with every
 * namespace per request was ~3 % of a list page's CPU. Safe to share: resources are bundled and
 * never change, and nothing on the server changes an instance's language (each serves one) — which
 * is also why its plain lookups can be remembered (memoizeT).
 */
const shared = new Map<Language, Promise<I18n>>();
export function sharedI18n(lng: Language): Promise<I18n> {
  let p = shared.get(lng);
  if (!p) {
    const instance = createInstance();
    p = instance
      .use(initReactI18next)
      .init({ ...i18nOptions, lng })
      .then(() => {
        memoizeT(instance);
        return instance;
      });
    shared.set(lng, p);
  }
  return p;
}
