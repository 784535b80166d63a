import { Link } from "@remix-run/react";

interface RowLinkProps {
  /** An absolute path ("/orders/ORD-1"), already encoded. */
  to: string;
  /** As Remix's Link: "render" (its default) marks the anchor for route discovery. */
  discover?: "render" | "none";
  /** As Remix's Link; "none" (its default) or "intent". */
  prefetch?: "none" | "intent";
  children: React.ReactNode;
}

/**
 * A link in a table row: what a Remix `<Link>` renders on the server, without the router hooks it
 * runs to get there (resolving the path twice, prefetch state, the click handler). A list page has
 * 50–100 such links, and those hooks were ~5 % of its server CPU. The markup is the same anchor,
 * attribute for attribute (tests/unit/row-link.test.ts), so in the browser, where RowLink is the
 * real Link, hydration takes the anchor over and adds client-side navigation and prefetching.
 */
export function ServerRowLink({ to, discover = "render", children }: RowLinkProps) {
  return (
    <a data-discover={discover === "render" ? "true" : undefined} href={to}>
      {children}
    </a>
  );
}

function BrowserRowLink({ to, discover = "render", prefetch = "none", children }: RowLinkProps) {
  return (
    <Link to={to} prefetch={prefetch} discover={discover}>
      {children}
    </Link>
  );
}

export const RowLink = typeof document === "undefined" ? ServerRowLink : BrowserRowLink;
