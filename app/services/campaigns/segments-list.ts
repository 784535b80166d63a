/** The saved segments (browser-safe names; their SQL is in segments.server.ts). */
export const SEGMENTS = [
  "unpaid_over_day",
  "enabled_linked_account",
  "coins_last_month",
  "no_order_30_days",
] as const;
export type SegmentKey = (typeof SEGMENTS)[number];

export function isSegment(s: string): s is SegmentKey {
  return (SEGMENTS as readonly string[]).includes(s);
}
