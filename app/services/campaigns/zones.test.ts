import { describe, expect, it } from "vitest";
import { recipientZone } from "./zones";

describe("recipientZone", () => {
  it("the CSV's zone wins, then the customer's record, then WIB", () => {
    expect(recipientZone("WIT", "WITA")).toEqual({ zone: "WIT", zoneSource: "csv" });
    expect(recipientZone("WIB", "WIT")).toEqual({ zone: "WIB", zoneSource: "csv" });
    expect(recipientZone(null, "WITA")).toEqual({ zone: "WITA", zoneSource: "customer" });
    expect(recipientZone(undefined, "WIT")).toEqual({ zone: "WIT", zoneSource: "customer" });
    expect(recipientZone(null, null)).toEqual({ zone: "WIB", zoneSource: "default" });
  });
});
