import type { ZoneSource } from "~db/schema/campaigns";
import type { ZoneName } from "./render";

export type { ZoneSource } from "~db/schema/campaigns";

/**
 * A recipient's zone, and where it came from: the CSV's zone column wins (the file is what the
 * campaign manager chose for this send), else the zone on the customer's record, else WIB. An
 * Indonesian mobile number says nothing about where its owner lives, so nothing is guessed from it.
 * Pure; the segment draft inserts with the same rule in SQL (draft.server.ts).
 */
export function recipientZone(
  csvZone: ZoneName | null | undefined,
  customerZone: ZoneName | null | undefined,
): { zone: ZoneName; zoneSource: ZoneSource } {
  if (csvZone) return { zone: csvZone, zoneSource: "csv" };
  if (customerZone) return { zone: customerZone, zoneSource: "customer" };
  return { zone: "WIB", zoneSource: "default" };
}
