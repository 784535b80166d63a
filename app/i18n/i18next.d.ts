import "i18next";
import type { resources } from "~/locales";

/**
 * Typed keys: `t("shell:nav.orders")` compiles, a key missing from the English resources does not.
 * English is the reference tree; tests/unit... (app/locales/locales.test.ts) holds Bahasa Indonesia
 * to the same keys, plural forms and interpolation variables.
 */
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: (typeof resources)["en"];
    returnNull: false;
  }
}
