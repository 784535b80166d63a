import { Link } from "@remix-run/react";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { RowLink, ServerRowLink } from "~/components/ui/row-link";

/**
 * A table row's link is rendered on the server without Remix's <Link> (app/components/ui/row-link.tsx)
 * but must be the same anchor, or hydration would not take it over: the markup of both, compared.
 */
const inRouter = (node: React.ReactNode) =>
  renderToStaticMarkup(createElement(MemoryRouter, { initialEntries: ["/orders?status=paid"] }, node));

const hrefs = [
  "/orders/ORD-0000000001",
  `/orders/${encodeURIComponent("INV 1/2?x#y&z")}`,
  `/accounts/${encodeURIComponent("acc:ünï")}`,
  "/customers/6f1c2b9e-3d1a-4c2e-9f00-1a2b3c4d5e6f",
];

describe("RowLink", () => {
  it("is the server variant here (no document)", () => {
    expect(RowLink).toBe(ServerRowLink);
  });

  for (const to of hrefs)
    for (const [prefetch, discover] of [["intent", "render"], ["intent", "none"], ["none", "render"], [undefined, undefined]] as const)
      it(`renders what <Link prefetch=${prefetch} discover=${discover}> renders: ${to}`, () => {
        const cell = createElement("span", { className: "font-mono" }, "ORD-1 & <b>");
        const real = inRouter(createElement(Link, { to, prefetch, discover }, cell));
        const ours = inRouter(createElement(ServerRowLink, { to, prefetch, discover, children: cell }));
        expect(ours).toBe(real);
        expect(ours).toContain(`href="${to.replace(/&/g, "&amp;")}"`);
      });
});
