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

/** `words` in the language of `t`; without words, the English `fallback`. */
export function say(t: unknown, words: Words | undefined | null, fallback: string): string;
export function say(t: unknown, words: Words | undefined | null, fallback?: string): string | undefined;
export function say(t: unknown, words: Words | undefined | null, fallback?: string): string | undefined {
  if (!words) return fallback;
  return (t as AnyT)(words.key, { ...words.params, defaultValue: fallback });
}

/** A key-shaped message ("refunds:errors.staleForm"), as schemas write their zod messages. */
export const KEY_MESSAGE = /^[a-z]+:[A-Za-z0-9_.]+$/;
