import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Re-reads the route's loader every `ms` while the tab is visible and `enabled` (e.g. only on the
 * newest page of a list), so events that arrive by GoPay notification show up without a reload.
 * Skips a tick while a read is still running rather than queueing them.
 */
export function useAutoRevalidate(ms: number, enabled = true): void {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    if (!enabled) return undefined;
    const t = setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, ms);
    return () => clearInterval(t);
  }, [ms, enabled]);
}
