/**
 * The shape a translation must have: the English tree with every leaf a string. Plural forms are
 * the exception: English has `_one` and `_other`, Bahasa Indonesia only `_other` (Intl.PluralRules
 * gives Indonesian a single form), so a `_one` key is optional here; app/locales/locales.test.ts
 * checks each language has exactly the forms its plural rules need.
 */
export type Translation<T> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string ? string : Translation<T[K]>;
} & {
  [K in keyof T as K extends `${string}_one` ? K : never]?: string;
};
