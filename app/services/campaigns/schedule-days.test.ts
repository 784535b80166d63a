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

/**
 * Times are typed 24-hour (the app's TimeInput), never the browser's <input type="time"> (09:00 PM
 * on an en-US machine): `21.00` (as Indonesians write it) and `2100` are read and kept as `21:00`;
 * a time that is not one is refused at its own field, never thrown.
 */
describe("the new-campaign wizard's times", () => {
  it("reads quiet hours written with a dot or as four digits, and keeps them as HH:MM", () => {
    const f = wizard({ quietStart: "21.00", quietEnd: "0800", scheduleMode: "now" });
    expect({ start: f.quietStart, end: f.quietEnd }).toEqual({ start: "21:00", end: "08:00" });
    expect(wizard({ quietStart: " 9:30 ", quietEnd: "7.05", scheduleMode: "now" })).toMatchObject({ quietStart: "09:30", quietEnd: "07:05" });
  });
  it("refuses a bad quiet hour at its own field, with the time's message", () => {
    for (const [field, value] of [
      ["quietEnd", "24:00"],
      ["quietEnd", "8pm"],
      ["quietStart", "930"],
      ["quietStart", ""],
    ] as const) {
      const r = wizardFields.safeParse({
        templateId: "7d4f0b1e-2a47-4a8c-9d7e-9c1f3f6f0a11",
        audienceType: "segment",
        throttle: "10",
        quietStart: "21:00",
        quietEnd: "08:00",
        scheduleMode: "now",
        [field]: value,
      });
      expect(r.success, `${field}=${value}`).toBe(false);
      expect(r.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
        { path: [field], message: "campaigns:build.wizard.errors.time" },
      ]);
    }
  });
  it("reads a scheduled time written with a dot or as four digits", () => {
    expect(readSchedule(wizard({ scheduleMode: "at", atDate: "05-12-2026", atTime: "21.00", atZone: "WIB" }))).toEqual({
      ok: true,
      schedule: { mode: "at", at: "2026-12-05T14:00:00.000Z", zone: "WIB" },
    });
    expect(readSchedule(wizard({ scheduleMode: "at", atDate: "05-12-2026", atTime: "0930", atZone: "WIT" }))).toEqual({
      ok: true,
      schedule: { mode: "at", at: "2026-12-05T00:30:00.000Z", zone: "WIT" },
    });
    expect(readSchedule(wizard({ scheduleMode: "local", localDate: "05-12-2026", localTime: "9.00" }))).toEqual({
      ok: true,
      schedule: { mode: "local", date: "2026-12-05", time: "09:00" },
    });
    expect(readSchedule(wizard({ scheduleMode: "local", localDate: "05-12-2026", localTime: "2100" }))).toMatchObject({
      schedule: { time: "21:00" },
    });
  });
  it("refuses a bad scheduled time at its own field", () => {
    for (const atTime of ["24:00", "9:60", "9pm", "930", ""])
      expect(readSchedule(wizard({ scheduleMode: "at", atDate: "05-12-2026", atTime })), atTime).toEqual({
        ok: false,
        field: "atTime",
        key: "campaigns:build.wizard.errors.time",
      });
    expect(readSchedule(wizard({ scheduleMode: "local", localDate: "05-12-2026", localTime: "21:00:00" }))).toMatchObject({
      ok: false,
      field: "localTime",
    });
  });
});

describe("the campaign page's schedule form's times", () => {
  it("reads quiet hours and the time written with a dot or as four digits, and keeps them as HH:MM", () => {
    const r = pageForm({ mode: "at", date: "05-12-2026", time: "21.00", zone: "WIB", quietStart: "2200", quietEnd: "7.30" });
    expect(r.ok && r.input).toEqual({
      schedule: { mode: "at", at: "2026-12-05T14:00:00.000Z", zone: "WIB" },
      quietStart: "22:00",
      quietEnd: "07:30",
      throttlePerSecond: 10,
    });
    const local = pageForm({ mode: "local", date: "05-12-2026", time: "0900" });
    expect(local.ok && local.input.schedule).toEqual({ mode: "local", date: "2026-12-05", time: "09:00" });
  });
  it("blames each bad time at its own field, keeping what was typed to show it again", () => {
    expect(pageForm({ mode: "now", quietStart: "9pm" })).toMatchObject({ ok: false, field: "quietStart", key: "campaigns:delivery.errors.quietInvalid" });
    expect(pageForm({ mode: "now", quietEnd: "24.00" })).toMatchObject({
      ok: false,
      field: "quietEnd",
      key: "campaigns:delivery.errors.quietInvalid",
      values: { quietEnd: "24.00" },
    });
    expect(pageForm({ mode: "at", date: "05-12-2026", time: "930", zone: "WIB" })).toMatchObject({ ok: false, field: "time" });
    expect(pageForm({ mode: "local", date: "05-12-2026", time: "" })).toMatchObject({ ok: false, field: "time" });
  });
});
