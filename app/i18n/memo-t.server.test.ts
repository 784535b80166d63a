import { createInstance, type i18n as I18n } from "i18next";
import { describe, expect, it } from "vitest";
import { resources } from "~/locales";
import { i18nOptions, SUPPORTED_LANGUAGES } from "./config";
import { memoizeT } from "./memo-t.server";

async function instance(lng: string, memo: boolean): Promise<I18n> {
  const i = createInstance();
  await i.init({ ...i18nOptions, lng });
  if (memo) memoizeT(i);
  return i;
}

/** Every leaf key of a namespace, dotted (`table.status`), plural suffixes folded to the base key. */
function leafKeys(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

/** getFixedT without the typed-key machinery (keys here are walked from the resources at run time). */
type LooseT = (key: string, options?: object) => unknown;
const fixed = (i: I18n, lng: string, ns: string | string[], keyPrefix?: string): LooseT =>
  (i.getFixedT as unknown as (l: string, n: string | string[], p?: string) => LooseT).call(
    i,
    lng,
    ns,
    keyPrefix,
  );

describe("memoizeT: remembered lookups answer exactly what i18next answers", () => {
  for (const lng of SUPPORTED_LANGUAGES) {
    it(`every key of every namespace in ${lng}, asked twice, with and without a key prefix and several namespaces`, async () => {
      const plain = await instance(lng, false);
      const memo = await instance(lng, true);
      const bundle = resources[lng as keyof typeof resources] as Record<string, unknown>;
      let checked = 0;
      for (const [ns, tree] of Object.entries(bundle)) {
        const p = fixed(plain, lng, ns);
        const m = fixed(memo, lng, ns);
        const both = [ns, "common"];
        for (const key of new Set(leafKeys(tree).map(base))) {
          const want = p(key);
          expect(m(key), `${ns}:${key}`).toEqual(want);
          expect(m(key), `${ns}:${key} again`).toEqual(want);
          expect(fixed(memo, lng, both)(key)).toEqual(fixed(plain, lng, both)(key));
          const dot = key.indexOf(".");
          if (dot > 0) {
            const [prefix, rest] = [key.slice(0, dot), key.slice(dot + 1)];
            expect(fixed(memo, lng, ns, prefix)(rest), `${ns}:${prefix}|${rest}`).toEqual(
              fixed(plain, lng, ns, prefix)(rest),
            );
          }
          // With a count, a value or a default, i18next answers (plural forms, interpolation).
          for (const opts of [
            { count: 1 },
            { count: 7 },
            { name: "Budi", amount: "Rp 10.000", count: 2 },
            { defaultValue: "x" },
          ]) {
            expect(m(key, opts), `${ns}:${key} ${JSON.stringify(opts)}`).toEqual(p(key, opts));
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(500);
    });
  }

  it("a plain lookup is answered from memory after the first time (the resources never change on the server)", async () => {
    const memo = await instance("en", true);
    const t = fixed(memo, "en", "common");
    const first = t("actions.cancel");
    expect(first).not.toBe("actions.cancel"); // a real key, not i18next echoing a missing one
    memo.addResource("en", "common", "actions.cancel", "CHANGED");
    expect(t("actions.cancel")).toBe(first);
    // …while a call with options still asks i18next.
    expect(t("actions.cancel", { count: 2 })).toBe("CHANGED");
  });

  it("a lookup with a string default value is remembered under that default (status labels fall back to their code)", async () => {
    const memo = await instance("en", true);
    const plain = await instance("en", false);
    const t = fixed(memo, "en", "common");
    const p = fixed(plain, "en", "common");
    const paid = t("status.paid", { defaultValue: "PAID" });
    expect(paid).toBe(p("status.paid", { defaultValue: "PAID" }));
    expect(paid).not.toBe("PAID");
    expect(t("status.nosuch", { defaultValue: "NOSUCH" })).toBe("NOSUCH");
    expect(t("status.nosuch", { defaultValue: "OTHER" })).toBe("OTHER");
    expect(t("status.nosuch")).toBe(p("status.nosuch"));
    memo.addResource("en", "common", "status.paid", "CHANGED");
    expect(t("status.paid", { defaultValue: "PAID" })).toBe(paid); // from memory
    // A default with values to interpolate is not a plain lookup: i18next answers.
    expect(t("status.nosuch", { defaultValue: "{{n}} left", n: 3 })).toBe("3 left");
  });

  it("different languages and namespaces never share an entry", async () => {
    const memo = await instance("en", true);
    const en = fixed(memo, "en", "shell")("nav.orders");
    const id = fixed(memo, "id", "shell")("nav.orders");
    expect(en).not.toBe(id);
    expect(en).toBe(fixed(await instance("en", false), "en", "shell")("nav.orders"));
    expect(id).toBe(fixed(await instance("id", false), "id", "shell")("nav.orders"));
  });
});
