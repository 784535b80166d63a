import { describe, expect, it } from "vitest";
import { readSchedule, wizardFields } from "./draft-form";
import { scheduleFromForm } from "./lifecycle-actions.server";

/**
 * A campaign's day is typed day-month-year (the app's DayInput), never the browser's
 * <input type="date"> (mm/dd/yyyy on an en-US machine): 05-12-2026 is the 5th of December,
 * whoever's browser sends it; an ISO day is read too; a day that does not exist is refused at
 * the day's field, a bad time at the time's.
 */
const wizard = (over: Record<string, string>) =>
  wizardFields.parse({
    templateId: "7d4f0b1e-2a47-4a8c-9d7e-9c1f3f6f0a11",
    audienceType: "segment",
    throttle: "10",
    quietStart: "21:00",
    quietEnd: "08:00",
    ...over,
  });
const pageForm = (over: Partial<Parameters<typeof scheduleFromForm>[0]>) =>
  scheduleFromForm({ mode: "local", quietStart: "21:00", quietEnd: "08:00", throttle: "10", ...over });

describe("the new-campaign wizard's schedule", () => {
  it("reads a day-month-year day and a time in the chosen zone", () => {
    expect(readSchedule(wizard({ scheduleMode: "at", atDate: "05-12-2026", atTime: "09:30", atZone: "WITA" }))).toEqual({
      ok: true,
      schedule: { mode: "at", at: "2026-12-05T01:30:00.000Z", zone: "WITA" },
    });
    expect(readSchedule(wizard({ scheduleMode: "local", localDate: "5/12/2026", localTime: "09:00" }))).toEqual({
      ok: true,
      schedule: { mode: "local", date: "2026-12-05", time: "09:00" },
    });
    expect(readSchedule(wizard({ scheduleMode: "local", localDate: "2026-12-05", localTime: "09:00" }))).toMatchObject({
      ok: true,
      schedule: { date: "2026-12-05" },
    });
  });
  it("refuses a day that does not exist at the day, a bad time at the time", () => {
    expect(readSchedule(wizard({ scheduleMode: "at", atDate: "12-31-2026", atTime: "09:00" }))).toMatchObject({ ok: false, field: "atDate" });
    expect(readSchedule(wizard({ scheduleMode: "at", atDate: "31-12-2026", atTime: "9am" }))).toMatchObject({ ok: false, field: "atTime" });
    expect(readSchedule(wizard({ scheduleMode: "local", localDate: "30-02-2026" }))).toMatchObject({ ok: false, field: "localDate" });
  });
});

describe("the campaign page's schedule form", () => {
  it("reads a day-month-year day", () => {
    const r = pageForm({ mode: "local", date: "05-12-2026", time: "09:00" });
    expect(r.ok && r.input.schedule).toEqual({ mode: "local", date: "2026-12-05", time: "09:00" });
    const at = pageForm({ mode: "at", date: "05-12-2026", time: "09:00", zone: "WIB" });
    expect(at.ok && at.input.schedule).toEqual({ mode: "at", at: "2026-12-05T02:00:00.000Z", zone: "WIB" });
  });
  it("blames the day for a day that does not exist (it blamed the time), the time for a bad time", () => {
    expect(pageForm({ date: "31-02-2026", time: "09:00" })).toMatchObject({ ok: false, field: "date" });
    expect(pageForm({ date: "12-31-2026", time: "09:00" })).toMatchObject({ ok: false, field: "date" });
    expect(pageForm({ date: "05-12-2026", time: "25:00" })).toMatchObject({ ok: false, field: "time" });
  });
});
