import { Link } from "@remix-run/react";

interface RowLinkProps {
  /** An absolute path ("/orders/ORD-1"), already encoded. */
  to: string;
  discover: "render" | "none";
  children: React.ReactNode;
}

/**
 * What a Remix `<Link to prefetch="intent">` renders on the server, without the router hooks it runs
 * to get there (resolving the path twice, prefetch state, the click handler): for a table's 50 row
 * links those were ~5 % of a list page's server CPU. The markup is the same anchor, attribute for
 * attribute (tests/unit/row-link.test.tsx), so in the browser, where RowLink is the real Link,
 * hydration takes the anchor over and adds client-side navigation and prefetch on intent.
 */
export function ServerRowLink({ to, discover, children }: RowLinkProps) {
  return (
    <a data-discover={discover === "render" ? "true" : undefined} href={to}>
      {children}
    </a>
  );
}

function BrowserRowLink({ to, discover, children }: RowLinkProps) {
  return (
    <Link to={to} prefetch="intent" discover={discover}>
      {children}
    </Link>
  );
}

export const RowLink = typeof document === "undefined" ? ServerRowLink : BrowserRowLink;
