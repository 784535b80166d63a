import { NavLink, useLocation } from "@remix-run/react";

interface ShellNavLinkProps {
  /** An absolute, already encoded path ("/orders"). */
  to: string;
  /** As NavLink's `end`: active only on `to` itself, not below it. */
  end?: boolean;
  className: (state: { isActive: boolean }) => string;
  /** Browser only (the drawer closes); nothing on the server. */
  onClick?: () => void;
  children: React.ReactNode;
}

/**
 * React Router's NavLink test, for an absolute `to` and the default case-insensitive match: active
 * on `to` itself and, unless `end`, anywhere below it ("/orders" is active on "/orders/ORD-1", not
 * on "/orders-archive").
 */
export function isNavActive(pathname: string, to: string, end = false): boolean {
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  const slashAt = target !== "/" && target.endsWith("/") ? target.length - 1 : target.length;
  return here === target || (!end && here.startsWith(target) && here.charAt(slashAt) === "/");
}

/**
 * A sidebar section link. On the server it is the anchor Remix's `<NavLink prefetch="intent">`
 * renders (data-discover, aria-current="page" when active, the class, the href) without the work
 * NavLink does to get there: resolving the path, the router's and navigation's state, prefetch
 * state, a click handler. The shell renders 11 of these on every page. In the browser it *is*
 * NavLink, which hydration takes over (prefetch on hover, client-side navigation, pending state).
 * The markup of both is compared in tests/unit/shell-nav-link.test.ts.
 */
export function ServerShellNavLink({ to, end = false, className, children }: ShellNavLinkProps) {
  const isActive = isNavActive(useLocation().pathname, to, end);
  return (
    <a data-discover="true" aria-current={isActive ? "page" : undefined} className={className({ isActive })} href={to}>
      {children}
    </a>
  );
}

function BrowserShellNavLink({ to, end = false, className, onClick, children }: ShellNavLinkProps) {
  return (
    <NavLink to={to} end={end} prefetch="intent" onClick={onClick} className={({ isActive }) => className({ isActive })}>
      {children}
    </NavLink>
  );
}

export const ShellNavLink = typeof document === "undefined" ? ServerShellNavLink : BrowserShellNavLink;
