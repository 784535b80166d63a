import { describe, expect, it } from "vitest";
import { formatCount } from "./count";

describe("formatCount", () => {
  it("groups as the page's language does, never as a decimal the reader could misread", () => {
    expect(formatCount(100000, "en")).toBe("100,000");
    expect(formatCount(100000, "id")).toBe("100.000");
    expect(formatCount(2735n, "en")).toBe("2,735");
    expect(formatCount(999, "en")).toBe("999");
  });
  it("falls back to Indonesian, the merchant's staff's language", () => {
    expect(formatCount(1234567, undefined)).toBe("1.234.567");
  });
});
