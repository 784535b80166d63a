import { describe, expect, it } from "vitest";
import { rangeText } from "./runs";

/** A run's days read as dates do everywhere else (`21 Nov 2026`), never `21-11-2026`. */
describe("a reconciliation run's range", () => {
  it("one day, and a range, in both languages", () => {
    expect(rangeText({ rangeFrom: "2026-11-21", rangeTo: "2026-11-21" }, "en")).toBe("21 Nov 2026");
    expect(rangeText({ rangeFrom: "2026-11-01", rangeTo: "2026-11-21" }, "en")).toBe("1 Nov 2026 – 21 Nov 2026");
    expect(rangeText({ rangeFrom: "2026-08-01", rangeTo: "2026-08-21" }, "id")).toBe("1 Agu 2026 – 21 Agu 2026");
  });
});
