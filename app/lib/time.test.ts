import { describe, expect, it } from "vitest";
import { formatWib, formatWibDate } from "./time";

describe("WIB formatting per language", () => {
  const d = new Date("2026-08-21T17:05:09Z"); // 22 Aug 2026, 00:05:09 WIB

  it("keeps today's English shape by default", () => {
    expect(formatWib(d)).toBe("22 Aug 2026, 00:05:09 WIB");
    expect(formatWibDate(d)).toBe("22 Aug 2026");
    expect(formatWib(d, "en")).toBe("22 Aug 2026, 00:05:09 WIB");
  });

  it("uses Indonesian month names for id, same day-month-year and 24-hour shape", () => {
    expect(formatWib(d, "id")).toBe("22 Agu 2026, 00:05:09 WIB");
    expect(formatWibDate(d, "id-ID")).toBe("22 Agu 2026");
    expect(formatWibDate(new Date("2026-05-10T03:00:00Z"), "id")).toBe("10 Mei 2026");
    expect(formatWibDate(new Date("2026-12-10T03:00:00Z"), "id")).toBe("10 Des 2026");
  });
});
