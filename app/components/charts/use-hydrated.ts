import { useEffect, useState } from "react";

/**
 * False during the server render and the first client render, true after: recharts measures the
 * DOM and numbers its SVG ids with a global counter, so charts are drawn only in the browser and
 * the server sends a same-sized placeholder (no hydration mismatch, no layout jump).
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
