import { useEffect } from "react";
import { useQuietRevalidate } from "~/lib/quiet-revalidate";

/**
 * Re-reads the route's loader every `ms` while the tab is visible and `enabled` (e.g. only on the
 * newest page of a list), so events that arrive by GoPay notification show up without a reload.
 * Skips a tick while a read, a navigation or a fetcher is still running rather than queueing them
 * (lib/quiet-revalidate.ts: a re-read during an action drops the action's redirect and its toast).
 */
export function useAutoRevalidate(ms: number, enabled = true): void {
  const revalidate = useQuietRevalidate();
  useEffect(() => {
    if (!enabled) return undefined;
    const t = setInterval(revalidate, ms);
    return () => clearInterval(t);
  }, [ms, enabled, revalidate]);
}
