import { describe, expect, it } from "vitest";
import { createInstance } from "i18next";
import { i18nOptions } from "~/i18n/config";
import { formatLeft } from "./countdown";

describe("formatLeft", () => {
  it("minutes under an hour, h:mm:ss under a day, days and hours beyond", () => {
    expect(formatLeft(0)).toBe("0:00");
    expect(formatLeft(247)).toBe("4:07");
    expect(formatLeft(3599)).toBe("59:59");
    expect(formatLeft(3600)).toBe("1:00:00");
    expect(formatLeft(86_399)).toBe("23:59:59");
    expect(formatLeft(86_400 + 3 * 3600 + 59)).toBe("1 d 3 h");
    expect(formatLeft(7 * 86_400)).toBe("7 d 0 h");
  });
  it("never shows a negative time", () => {
    expect(formatLeft(-5)).toBe("0:00");
  });
});

describe("formatLeft in the page's language", () => {
  it("says the day form through holds:countdown.days", async () => {
    const i18n = createInstance();
    await i18n.init({ ...i18nOptions, lng: "id" });
    expect(formatLeft(2 * 86_400 + 3 * 3600, i18n.getFixedT("id"))).toBe("2 h 3 j");
    expect(formatLeft(2 * 86_400 + 3 * 3600, i18n.getFixedT("en"))).toBe("2 d 3 h");
    expect(formatLeft(247, i18n.getFixedT("id"))).toBe("4:07");
  });
});
