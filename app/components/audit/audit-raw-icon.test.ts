import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** The drawing of an SVG: its attributes that paint (not xmlns/id) and its elements, in order. */
function drawing(svg: string) {
  const open = /^<(?:svg|symbol)([^>]*)>/.exec(svg)![1]!;
  const attrs = Object.fromEntries([...open.matchAll(/([\w-]+)=["']([^"']*)["']/g)].filter(([, k]) => k !== "xmlns" && k !== "id").map(([, k, v]) => [k, v]));
  const elements = [...svg.matchAll(/<(path|circle|rect|line|polyline|polygon|ellipse)\b([^>]*?)\/?>/g)].map(([, tag, a]) => `${tag} ${a!.replace(/"/g, "'").trim()}`);
  return { attrs, elements };
}

describe("the /audit raw-data button's icon (drawn by the button's ::before in `.a-table`, app/styles.css)", () => {
  it("is lucide's braces as the sprite has it, painted through a mask in the text colour", () => {
    const css = readFileSync(`${ROOT}/app/styles.css`, "utf8");
    const rule = /\.a-table > tbody > tr > td:nth-child\(7\) > div > button::before \{([^}]*)\}/.exec(css)?.[1];
    expect(rule, "the raw button's ::before rule").toBeDefined();
    expect(rule).toContain("bg-current");
    const uri = /mask: url\("data:image\/svg\+xml,([^"]+)"\)/.exec(rule!)?.[1];
    expect(uri, "a data: SVG mask").toBeDefined();
    const fromCss = drawing(decodeURIComponent(uri!));

    const sprite = readFileSync(`${ROOT}/public/icons.svg`, "utf8");
    const symbol = /<symbol id="braces"[^>]*>.*?<\/symbol>/s.exec(sprite)?.[0];
    expect(symbol, "the sprite's braces (icons.tsx exports Braces)").toBeDefined();
    const fromSprite = drawing(symbol!);

    // A mask paints by alpha: black strokes where the sprite says currentColor.
    expect(fromCss.attrs).toEqual({ ...fromSprite.attrs, stroke: "black" });
    expect(fromCss.elements).toEqual(fromSprite.elements);
    expect(fromCss.elements.length).toBeGreaterThan(0);
  });
});
