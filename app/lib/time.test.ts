import { describe, expect, it } from "vitest";
import { dayMonthYear, formatWib, formatWibDate, formatWibDay, isoDay, isoTime, parseWibText, wibRange } from "./time";

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

  it("writes exactly what Intl's Asia/Jakarta parts give, across midnights, months, years and both languages", () => {
    // formatWib shifts by +7 h itself (WIB has no daylight saving) instead of asking Intl per call.
    const parts = (at: Date, locale: string) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat(locale, { timeZone: "Asia/Jakarta", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
          .formatToParts(at)
          .map((x) => [x.type, x.value]),
      );
      return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}:${p.second} WIB`;
    };
    const instants = [Date.UTC(2026, 11, 31, 16, 59, 59), Date.UTC(2026, 11, 31, 17, 0, 0), Date.UTC(2024, 1, 28, 17, 0, 0), Date.UTC(1999, 8, 5, 23, 0, 0)];
    for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2031, 0, 1); t += 37 * 3_600_000 + 1234) instants.push(t);
    for (const t of instants)
      for (const [lang, locale] of [["en", "en-GB"], ["id", "id-ID"]] as const) expect(formatWib(t, lang)).toBe(parts(new Date(t), locale));
    expect(() => formatWib("not a time")).toThrow(RangeError);
  });
});

describe("day-month-year days (the filters' date inputs)", () => {
  it("reads 21-11-2026, 21/11/2026, 21.11.2026, 1-2-2026 and an older link's 2026-11-21", () => {
    for (const text of ["21-11-2026", "21/11/2026", "21.11.2026", " 21-11-2026 ", "2026-11-21"]) expect(isoDay(text)).toBe("2026-11-21");
    expect(isoDay("1-2-2026")).toBe("2026-02-01");
  });
  it("refuses what is not a real day, and month-first American dates past the 12th", () => {
    for (const text of ["31-02-2026", "2026-13-01", "11/21/2026", "1", "", "21-11-26", "2026-1-5"]) expect(isoDay(text)).toBeUndefined();
  });
  it("gives the WIB day's instants and shows an ISO day as day-month-year", () => {
    expect(wibRange("21-11-2026", "21/11/2026")).toEqual({ start: new Date("2026-11-20T17:00:00Z"), end: new Date("2026-11-21T17:00:00Z") });
    expect(dayMonthYear("2026-11-21")).toBe("21-11-2026");
    expect(dayMonthYear("21-11-2026")).toBe("21-11-2026");
  });
});

describe("24-hour times (the campaign forms' time inputs)", () => {
  it("reads HH:MM, H:MM, a dot as Indonesians write it, and four digits, as zero-padded HH:MM", () => {
    const cases: [string, string][] = [
      ["21:00", "21:00"],
      ["9:00", "09:00"],
      ["09:00", "09:00"],
      ["21.00", "21:00"],
      ["9.30", "09:30"],
      ["2100", "21:00"],
      ["0930", "09:30"],
      [" 21:00 ", "21:00"],
      ["0:00", "00:00"],
      ["00:00", "00:00"],
      ["23:59", "23:59"],
      ["2359", "23:59"],
    ];
    for (const [text, want] of cases) expect(isoTime(text), text).toBe(want);
  });
  it("refuses hours past 23, minutes past 59, AM/PM, seconds, three digits and anything else", () => {
    for (const text of ["24:00", "9:60", "2400", "0960", "9pm", "9:00 PM", "09:00 AM", "21:00:00", "930", "21", "9", "9:5", "21:0", "21-00", "21,00", "211:00", "21:000", "", "  ", "٢١:٠٠", "+9:00", "-1:00", "21h00"])
      expect(isoTime(text), JSON.stringify(text)).toBeUndefined();
  });
});

describe("parseWibText: a time a service wrote in English, read back", () => {
  it("gives the instant formatWib wrote, in every month", () => {
    for (let m = 0; m < 12; m++) {
      const d = new Date(Date.UTC(2026, m, 28, 20, 5, 9)); // the next day in WIB
      expect(parseWibText(formatWib(d))?.toISOString()).toBe(d.toISOString());
    }
  });
  it("refuses anything else (another language, another shape, a day that does not exist)", () => {
    for (const s of ["3 Des 2026, 11:40:02 WIB", "2026-12-03T04:40:02Z", "3 Dec 2026, 11:40 WIB", "31 Feb 2026, 10:00:00 WIB", "", "3 Dec 2026, 11:40:02 WIB trailing"]) {
      expect(parseWibText(s), s).toBeNull();
    }
  });
});

describe("formatWibDay: a calendar day in the page's language", () => {
  it("writes an ISO day as day, month name and year, in English and in Bahasa Indonesia", () => {
    expect(formatWibDay("2026-12-05")).toBe("5 Dec 2026");
    expect(formatWibDay("2026-12-05", "id")).toBe("5 Des 2026");
    expect(formatWibDay("2026-08-17", "id")).toBe("17 Agu 2026");
  });
  it("leaves what is not a day as it was", () => {
    expect(formatWibDay("2026-02-30")).toBe("2026-02-30");
    expect(formatWibDay("")).toBe("");
  });
});
