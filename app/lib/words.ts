/**
 * A sentence as a translation key plus its values, for words decided far from the page (a
 * service's refusal, the money parser, a zod issue). The English sentence travels beside it, so a
 * caller with no language (a job, a test calling a service) still reads English; the route (or the
 * page) says it in the staff member's language with `say`.
 */
export interface Words {
  /** "namespace:path.to.key" in app/locales. */
  key: string;
  params?: Record<string, string | number>;
}

/** The loosest `t` that works for both i18next's typed TFunction and react-i18next's. */
type AnyT = (key: string, options?: Record<string, unknown>) => string;

/**
 * Sentences whose values are status codes ("authorised", "ENABLED", "scheduled"): `say` puts the
 * status's word in the page's language in their place (lower case, as mid-sentence), so Bahasa
 * Indonesia never reads "Pesanan berstatus “authorised”". Param name → where the status words are.
 * A code with no word stays as it is.
 */
const STATUS_PARAMS: Record<string, Record<string, string>> = {
  "refunds:refundable.status": { status: "common:status" },
  "accounts:errors.notEnabled": { status: "common:status" },
  "accounts:outcome.unchanged": { status: "common:status" },
  "accounts:outcome.changed": { before: "common:status", after: "common:status" },
  "campaigns:build.preview.notDraft": { status: "campaigns:delivery.status" },
  "campaigns:delivery.errors.wrongStatus": { status: "campaigns:delivery.status" },
};

/** `words` in the language of `t`; without words, the English `fallback`. */
export function say(t: unknown, words: Words | undefined | null, fallback: string): string;
export function say(t: unknown, words: Words | undefined | null, fallback?: string): string | undefined;
export function say(t: unknown, words: Words | undefined | null, fallback?: string): string | undefined {
  if (!words) return fallback;
  const params: Record<string, unknown> = { ...words.params };
  const statuses = STATUS_PARAMS[words.key];
  if (statuses) {
    for (const [name, at] of Object.entries(statuses)) {
      const v = params[name];
      if (typeof v !== "string" || v === "") continue;
      const code = v.toLowerCase().replace(/ /g, "_");
      params[name] = (t as AnyT)(`${at}.${code}`, { defaultValue: v }).toLowerCase();
    }
  }
  return (t as AnyT)(words.key, { ...params, defaultValue: fallback });
}

/** A key-shaped message ("refunds:errors.staleForm"), as schemas write their zod messages. */
export const KEY_MESSAGE = /^[a-z]+:[A-Za-z0-9_.]+$/;
