import { describe, expect, it } from "vitest";
import { summarise } from "./audit-view.server";

describe("summarise", () => {
  it("shows a stored instant in WIB, in the page's language, as every other time is shown", () => {
    const detail = { firstDueAt: "2026-12-05T00:00:00.000Z", scheduledAt: "2026-12-31T17:30:00+00:00" };
    expect(summarise(detail, 6, "en")).toEqual([
      { key: "firstDueAt", value: "5 Dec 2026, 07:00:00 WIB" },
      { key: "scheduledAt", value: "1 Jan 2027, 00:30:00 WIB" },
    ]);
    expect(summarise(detail, 6, "id")[1]).toEqual({ key: "scheduledAt", value: "1 Jan 2027, 00:30:00 WIB" });
    expect(summarise({ at: "2026-08-03T01:02:03Z" }, 6, "id")).toEqual([{ key: "at", value: "3 Agu 2026, 08:02:03 WIB" }]);
  });

  it("leaves what only looks like a time as it was written", () => {
    const detail = { day: "2026-12-05", note: "due 2026-12-05T00:00:00Z", bad: "2026-13-45T99:00:00Z", code: 2005800 };
    expect(summarise(detail, 6, "en")).toEqual([
      { key: "day", value: "2026-12-05" },
      { key: "note", value: "due 2026-12-05T00:00:00Z" },
      { key: "bad", value: "2026-13-45T99:00:00Z" },
      { key: "code", value: "2005800" },
    ]);
  });

  it("still says amounts as rupiah and skips internal ids", () => {
    expect(summarise({ amount: "250000", orderId: "0b7e0c1e-5a55-4e57-9d7a-2b8f1c9d0e11" })).toEqual([{ key: "amount", value: "Rp 2.500" }]);
  });
});
