import { useFetchers, useNavigation, useRevalidator } from "@remix-run/react";
import { useCallback, useRef } from "react";

/** What is in flight on the page: the revalidation, the navigation and every fetcher's state. */
export interface InFlight {
  revalidation: string;
  navigation: string;
  fetchers: readonly { state: string }[];
}

/**
 * Whether a background re-read (a page polling its loaders) may start: only when nothing else is
 * in flight. A poll that starts while a fetcher's action runs makes React Router drop that
 * action's redirect (a newer navigation wins) — and with it the `?toast=` the redirect carries, so
 * "Refund sent" never showed although the refund was made (seen on /orders/:id, whose refund
 * watch polls every 2.5 s, when GoPay took longer than the rest of the interval).
 */
export function mayPoll(now: InFlight): boolean {
  return now.revalidation === "idle" && now.navigation === "idle" && now.fetchers.every((f) => f.state === "idle");
}

/**
 * A stable function for timers: re-reads the page's loaders if the tab is visible and
 * {@link mayPoll}; otherwise skips this tick (the next one asks again).
 */
export function useQuietRevalidate(): () => void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const latest = useRef({ revalidator, navigation, fetchers });
  latest.current = { revalidator, navigation, fetchers };
  return useCallback(() => {
    if (typeof document !== "undefined" && document.visibilityState !== "visible") return;
    const { revalidator: r, navigation: n, fetchers: f } = latest.current;
    if (mayPoll({ revalidation: r.state, navigation: n.state, fetchers: f })) r.revalidate();
  }, []);
}
