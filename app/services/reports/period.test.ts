import { createInstance, type i18n as I18n } from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { i18nOptions } from "~/i18n/config";
import { rupiah } from "~/lib/money";
import { say } from "~/lib/words";
import { parsePeriod, parseRowsScope, periodRange, periodTiming, type ParsedPeriod } from "./period";
import { dayLabel, exportRefusalText, monthLabel, periodErrorWords, periodLabel } from "./period-words";
import { buildReport, type DayFigure } from "./report";

/*
 * The report's period as the URL gives it: a wrong month or day is an error naming it (never
 * silently this month); days after today are no rows of zeros; days and months are written with
 * the app's date helper in the page's language.
 */
const NOW = new Date("2026-12-02T03:00:00+07:00"); // 2 Dec 2026, WIB
const q = (s: string) => new URLSearchParams(s);
const parse = (s: string) => parsePeriod(q(s), NOW);
const errorOf = (p: ParsedPeriod) => (p.ok ? undefined : p.error);

describe("parsePeriod", () => {
  it("reads months and days as links and the form send them; nothing asked is this WIB month", () => {
    expect(parse("")).toEqual({ ok: true, period: { kind: "month", month: "2026-12" } });
    expect(parse("period=month&month=2026-11")).toEqual({ ok: true, period: { kind: "month", month: "2026-11" } });
    expect(parse("month=11-2026")).toEqual({ ok: true, period: { kind: "month", month: "2026-11" } });
    expect(parse("period=day&day=21-11-2026&month=junk")).toEqual({ ok: true, period: { kind: "day", day: "2026-11-21" } });
    expect(parse("period=day&day=2026-11-21")).toEqual({ ok: true, period: { kind: "day", day: "2026-11-21" } });
    expect(parse("period=day")).toEqual({ ok: true, period: { kind: "day", day: "2026-12-02" } });
    // The form sends both fields: only the chosen kind's is read.
    expect(parse("period=month&month=2026-10&day=99-99-9999")).toEqual({ ok: true, period: { kind: "month", month: "2026-10" } });
    // A lone day= asks for that day.
    expect(parse("day=2026-11-21")).toEqual({ ok: true, period: { kind: "day", day: "2026-11-21" } });
  });

  it("names what is wrong with a month, a day or the kind, at its field, instead of showing another period", () => {
    expect(errorOf(parse("month=2026-13"))).toEqual({ field: "month", code: "noSuchMonth", value: "2026-13", month: "13" });
    expect(errorOf(parse("period=month&month=abc"))).toEqual({ field: "month", code: "monthFormat", value: "abc" });
    expect(errorOf(parse("period=month&month="))).toEqual({ field: "month", code: "monthMissing", value: "" });
    expect(errorOf(parse("period=day&day=2026-02-30"))).toEqual({
      field: "day",
      code: "noSuchDay",
      value: "2026-02-30",
      month: "2026-02",
      days: 28,
    });
    expect(errorOf(parse("day=30-02-2026"))).toMatchObject({ field: "day", code: "noSuchDay", month: "2026-02", days: 28 });
    expect(errorOf(parse("period=day&day=29-02-2028"))).toBeUndefined(); // a leap year
    expect(errorOf(parse("period=day&day=01-13-2026"))).toMatchObject({ field: "day", code: "noSuchMonth", month: "13" });
    expect(errorOf(parse("period=day&day=yesterday"))).toEqual({ field: "day", code: "dayFormat", value: "yesterday" });
    expect(errorOf(parse("period=day&day=%20"))).toEqual({ field: "day", code: "dayMissing", value: "" });
    expect(errorOf(parse("period=week&month=2026-11"))).toEqual({ field: "period", code: "periodKind", value: "week" });
    // The form shows the bad value again, under the kind that was asked for.
    expect(parse("period=day&day=2026-02-30&month=2026-02")).toMatchObject({ ok: false, kind: "day", values: { day: "2026-02-30", month: "2026-02" } });
  });
});

describe("periodTiming and the days of a report", () => {
  const today = "2026-12-02";
  it("tells a period over, still running, or not begun", () => {
    expect(periodTiming(periodRange({ kind: "month", month: "2026-11" }), today)).toBe("past");
    expect(periodTiming(periodRange({ kind: "month", month: "2026-12" }), today)).toBe("current");
    expect(periodTiming(periodRange({ kind: "day", day: today }), today)).toBe("current");
    expect(periodTiming(periodRange({ kind: "day", day: "2026-12-03" }), today)).toBe("future");
    expect(periodTiming(periodRange({ kind: "month", month: "2027-01" }), today)).toBe("future");
  });

  const fig = (day: string, source: string, amount: bigint): DayFigure => ({ day, source, channel: "deeplink", option: "GOPAY_WALLET", count: 1, amount });
  const month = periodRange({ kind: "month", month: "2026-12" });
  const figures = [fig("2026-12-01", "payments", rupiah(100_000)), fig("2026-12-02", "payments", rupiah(50_000)), fig("2026-12-02", "refunds", rupiah(10_000))];

  it("leaves the days after today out of the daily rows and names them; the totals are the same", () => {
    const report = buildReport(month, figures, { today });
    expect(report.days.map((d) => d.day)).toEqual(["2026-12-01", "2026-12-02"]);
    expect(report.notYet).toEqual({ from: "2026-12-03", to: "2026-12-31" });
    const whole = buildReport(month, figures);
    expect(whole.days).toHaveLength(31); // without today (the overview's windows): every day
    expect(whole.notYet).toBeUndefined();
    expect(report.sources).toEqual(whole.sources);
    expect(report.net).toBe(rupiah(140_000));
    expect(report.net).toBe(whole.net);
    // A month that is over has no days to come.
    expect(buildReport(periodRange({ kind: "month", month: "2026-11" }), [], { today }).notYet).toBeUndefined();
  });
});

describe("parseRowsScope", () => {
  it("names the wrong part of a rows list's URL instead of widening or guessing it", () => {
    const bad = (s: string) => {
      const p = parseRowsScope(q(s));
      return p.ok ? undefined : p.error;
    };
    expect(bad("source=payments&from=2026-11-01&to=2026-11-30")).toBeUndefined();
    expect(bad("source=money&from=2026-11-01&to=2026-11-30")).toEqual({ field: "source", code: "source", value: "money" });
    expect(bad("source=payments&from=2026-02-30&to=2026-03-01")).toMatchObject({ field: "from", code: "noSuchDay", days: 28 });
    expect(bad("source=payments&from=2026-11-02&to=2026-11-01")).toMatchObject({ field: "to", code: "toBeforeFrom" });
    expect(bad("source=payments&from=2024-01-01&to=2026-01-01")).toMatchObject({ field: "to", code: "tooLong" });
    expect(bad("source=payments&from=2026-11-01&to=2026-11-30&channel=fax")).toEqual({ field: "channel", code: "channel", value: "fax" });
    expect(bad("source=payments&from=2026-11-01&to=2026-11-30&option=CASH")).toEqual({ field: "option", code: "option", value: "CASH" });
  });
});

describe("words: the app's date format and the errors, in English and Bahasa Indonesia", () => {
  const t: Record<string, I18n> = {};
  beforeAll(async () => {
    for (const lng of ["en", "id"]) {
      t[lng] = createInstance();
      await t[lng].init({ ...i18nOptions, lng });
    }
  });
  const sayIn = (lng: string, p: ParsedPeriod) => (p.ok ? "" : say(t[lng]!.t, periodErrorWords(p.error, lng), "?"));

  it("writes days and months as the rest of the app does (formatWibDate), month names localised", () => {
    expect(dayLabel("2026-11-21", "en")).toBe("21 Nov 2026");
    expect(dayLabel("2026-08-17", "id")).toBe("17 Agu 2026");
    expect(monthLabel("2026-08", "en")).toBe("Aug 2026");
    expect(monthLabel("2026-08", "id")).toBe("Agu 2026");
    expect(monthLabel("2026-05", "id")).toBe("Mei 2026");
    expect(periodLabel({ kind: "month", month: "2026-12" }, "id")).toBe("Des 2026");
    expect(periodLabel({ kind: "day", day: "2026-12-02" }, "en")).toBe("2 Dec 2026");
  });

  it("says each error in the page's language, naming the value and why", () => {
    expect(sayIn("en", parse("month=2026-13"))).toBe("“2026-13” is not a date: there is no month 13 (months run from 01 to 12).");
    expect(sayIn("id", parse("month=2026-13"))).toBe("“2026-13” bukan tanggal: tidak ada bulan 13 (bulan hanya 01 sampai 12).");
    expect(sayIn("en", parse("period=day&day=2026-02-30"))).toBe("“2026-02-30” is not a calendar day: Feb 2026 has 28 days.");
    expect(sayIn("id", parse("period=day&day=2026-08-32"))).toBe("“2026-08-32” bukan tanggal kalender: Agu 2026 hanya punya 31 hari.");
    expect(sayIn("en", parse("month=abc"))).toBe("“abc” is not a month. Use year-month, e.g. 2026-11.");
    expect(sayIn("id", parse("month=abc"))).toBe("“abc” bukan bulan. Gunakan tahun-bulan, mis. 2026-11.");
  });

  it("words an export's 400: the parameter and the reason, or that the period has not happened", () => {
    const refusal = (s: string) => {
      const p = parse(s);
      return p.ok ? undefined : ({ kind: "invalid", error: p.error } as const);
    };
    expect(exportRefusalText(refusal("month=2026-13")!, t.en!.t, "en")).toBe(
      "Nothing exported (parameter month): “2026-13” is not a date: there is no month 13 (months run from 01 to 12).",
    );
    expect(exportRefusalText({ kind: "future", what: { kind: "month", month: "2027-01" }, today: "2026-12-02" }, t.id!.t, "id")).toBe(
      "Tidak ada yang diekspor: Jan 2027 belum terjadi (hari ini 2 Des 2026, WIB).",
    );
  });
});
