import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions, SUPPORTED_LANGUAGES } from "~/i18n/config";
import { resources } from ".";

/**
 * Both languages have every key, no empty string, the same {{variables}}, and exactly the plural
 * forms their language needs (English: one + other; Indonesian: other — Intl.PluralRules says so).
 */
type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const variables = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
/** Keys with the plural suffix removed, each with the set of forms present. */
function baseKeys(m: Map<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of m.keys()) {
    const form = PLURAL.exec(key)?.[1];
    const base = form ? key.replace(PLURAL, "") : key;
    const set = out.get(base) ?? new Set<string>();
    if (form) set.add(form);
    out.set(base, set);
  }
  return out;
}

const trees = Object.fromEntries(
  SUPPORTED_LANGUAGES.map((l) => [l, leaves(resources[l] as unknown as Tree)]),
) as Record<(typeof SUPPORTED_LANGUAGES)[number], Map<string, string>>;

describe("translations", () => {
  it("have the same namespaces in both languages", () => {
    expect(Object.keys(resources.id).sort()).toEqual(Object.keys(resources.en).sort());
  });

  it("have every key in both languages (plural forms aside)", () => {
    const en = [...baseKeys(trees.en).keys()].sort();
    const id = [...baseKeys(trees.id).keys()].sort();
    expect(
      id.filter((k) => !en.includes(k)),
      "only in Bahasa Indonesia",
    ).toEqual([]);
    expect(
      en.filter((k) => !id.includes(k)),
      "missing in Bahasa Indonesia",
    ).toEqual([]);
  });

  it("have no empty strings", () => {
    for (const lng of SUPPORTED_LANGUAGES) {
      const empty = [...trees[lng]].filter(([, v]) => v.trim() === "").map(([k]) => k);
      expect(empty, lng).toEqual([]);
    }
  });

  it("use the same interpolation variables in both languages", () => {
    const byBase = (m: Map<string, string>) => {
      const out = new Map<string, string[]>();
      for (const [k, v] of m) {
        const base = k.replace(PLURAL, "");
        out.set(base, [...new Set([...(out.get(base) ?? []), ...variables(v)])].sort());
      }
      return out;
    };
    const en = byBase(trees.en);
    const id = byBase(trees.id);
    const differ = [...en]
      .filter(([k, vars]) => JSON.stringify(id.get(k)) !== JSON.stringify(vars))
      .map(([k, vars]) => `${k}: en ${vars} / id ${id.get(k)}`);
    expect(differ).toEqual([]);
  });

  it("have exactly the plural forms each language's rules need", () => {
    for (const lng of SUPPORTED_LANGUAGES) {
      const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.slice().sort();
      for (const [base, forms] of baseKeys(trees[lng])) {
        if (forms.size === 0) continue;
        expect([...forms].sort(), `${lng}: ${base}`).toEqual(needed);
      }
    }
  });

  it("count through i18next: 1 pesanan, 3 pesanan / 1 order, 3 orders", async () => {
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, lng: "id" });
    expect(i18n.t("orders:count", { count: 1 })).toBe("1 pesanan");
    expect(i18n.t("orders:count", { count: 3 })).toBe("3 pesanan");
    expect(i18n.t("orders:count", { count: 1, lng: "en" })).toBe("1 order");
    expect(i18n.t("orders:count", { count: 12500, lng: "en" })).toBe("12,500 orders");
    expect(i18n.t("orders:count", { count: 12500 })).toBe("12.500 pesanan");
  });
});
