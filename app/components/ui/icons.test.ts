import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildSprite, declaredIcons, SPRITE, VERSION_FILE, versionModule } from "../../../scripts/icons";
import { SPRITE_HREF } from "./icons";

const APP = fileURLToPath(new URL("../..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : /\.(ts|tsx)$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

describe("icon sprite", () => {
  it("is what `npm run icons` makes from lucide-react today", () => {
    // Out of date after an icon was added to icons.tsx or lucide-react was upgraded: run `npm run icons`.
    expect(readFileSync(SPRITE, "utf8")).toBe(buildSprite());
  });

  it("is drawn from a URL that changes with its content (it is served immutable)", () => {
    const sprite = readFileSync(SPRITE, "utf8");
    expect(readFileSync(VERSION_FILE, "utf8")).toBe(versionModule(sprite));
    expect(SPRITE_HREF).toMatch(/^\/icons\.svg\?v=[0-9a-f]{12}$/);
    expect(versionModule(sprite)).toContain(SPRITE_HREF.split("=")[1]);
  });

  it("has a symbol for every icon icons.tsx exports", () => {
    const sprite = readFileSync(SPRITE, "utf8");
    const ids = new Set([...sprite.matchAll(/<symbol id="([^"]+)"/g)].map((m) => m[1]));
    const icons = declaredIcons();
    expect(icons.size).toBeGreaterThan(50);
    for (const [name, id] of icons) expect(ids.has(id), `${name} (#${id})`).toBe(true);
    // Every `export const` of icons.tsx is an icon the regexp saw (none skipped by its formatting).
    const exported = (
      readFileSync(path.join(APP, "components/ui/icons.tsx"), "utf8").match(/^export const \w+/gm) ?? []
    ).filter((e) => e !== "export const SPRITE_HREF");
    expect(exported).toHaveLength(icons.size);
  });

  it("is the only way app/ draws a lucide icon", () => {
    const importers = sources(APP)
      .filter((f) => !f.endsWith(path.join("components", "ui", "icons.test.ts")))
      .filter((f) =>
        /from\s+["']lucide-react["']|import\(\s*["']lucide-react["']\s*\)/.test(readFileSync(f, "utf8")),
      )
      .map((f) => path.relative(APP, f));
    expect(importers).toEqual([]);
  });
});
