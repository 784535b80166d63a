import { NavLink } from "@remix-run/react";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { isNavActive, ServerShellNavLink, ShellNavLink } from "~/components/layout/shell-nav-link";
import { NAV_ITEMS } from "~/components/layout/nav-items";

/**
 * The sidebar's links are rendered on the server without NavLink (app/components/layout/shell-nav-link.tsx)
 * but must be the anchor NavLink renders, attribute for attribute, or hydration would keep a wrong
 * aria-current or class (React does not patch attributes when it hydrates). Both rendered and compared
 * for every section at many locations, including ones that only look alike.
 */
const at = (pathname: string, node: React.ReactNode) =>
  renderToStaticMarkup(createElement(MemoryRouter, { initialEntries: [pathname] }, node));

const className = ({ isActive }: { isActive: boolean }) => (isActive ? "nav-link-active" : "nav-link");

const locations = [
  "/",
  "/orders",
  "/orders/",
  "/orders/ORD-0000000001",
  "/ORDERS/ord-1",
  "/orders-archive",
  "/ordersx",
  "/holds?status=authorised",
  "/customers/6f1c2b9e-3d1a-4c2e-9f00-1a2b3c4d5e6f",
  "/settings",
  "/settings/limits",
  "/settings_/security",
  "/finance/reports/rows",
  "/audit/123/raw",
  `/orders/${encodeURIComponent("INV 1/2?x#y&z")}`,
  "/nowhere",
];

describe("ShellNavLink", () => {
  it("is the server variant here (no document)", () => {
    expect(ShellNavLink).toBe(ServerShellNavLink);
  });

  for (const pathname of locations)
    it(`renders what <NavLink prefetch="intent"> renders for every section at ${pathname}`, () => {
      for (const { to } of NAV_ITEMS) {
        const end = to === "/";
        const children = [createElement("svg", { key: "i", "aria-hidden": true }), "Orders & <more>"];
        const real = at(pathname, createElement(NavLink, { to, end, prefetch: "intent", className }, children));
        const ours = at(pathname, createElement(ServerShellNavLink, { to, end, className, children }));
        expect(ours, `${to} at ${pathname}`).toBe(real);
      }
    });

  it("marks a section active on itself and below it, never on a look-alike; / only on itself", () => {
    expect(isNavActive("/orders/ORD-1", "/orders")).toBe(true);
    expect(isNavActive("/Orders", "/orders")).toBe(true);
    expect(isNavActive("/orders-archive", "/orders")).toBe(false);
    expect(isNavActive("/orders", "/", true)).toBe(false);
    expect(isNavActive("/", "/", true)).toBe(true);
    expect(isNavActive("/settings/limits", "/settings", true)).toBe(false);
    expect(isNavActive("/settings/limits", "/settings/")).toBe(true);
  });
});
