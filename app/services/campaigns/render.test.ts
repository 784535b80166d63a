import { describe, expect, it } from "vitest";
import type { TemplateParamDef } from "~db/schema/campaign-templates";
import { apiPayload, estimateDuration, shortDuration } from "./preview";
import { firstName, formatNumberId, renderedText, renderParams, type CustomerFieldValues } from "./render";

const text = (name: string, min: number, max: number): TemplateParamDef => ({ name, type: "text", min, max });
const customer = (over: Partial<CustomerFieldValues> = {}): CustomerFieldValues => ({
  name: "Siti Nurhaliza",
  phone: "6281234567890",
  email: "siti@example.com",
  lastOrderId: "ORD-1",
  lastOrderAmount: 10_000_00n,
  lastUnpaidOrderId: "ORD-2",
  lastUnpaidAmount: 25_500_00n,
  lastUnpaidDueAt: new Date("2026-11-21T07:05:00Z"),
  ...over,
});

describe("renderParams", () => {
  it("fixed, column and field sources; typed formatting", () => {
    const params: TemplateParamDef[] = [
      text("title", 1, 40),
      { name: "amount", type: "rupiah", min: 1, max: 20 },
      { name: "due", type: "date", min: 1, max: 40 },
      { name: "qty", type: "number", min: 1, max: 10 },
      { name: "day", type: "date", min: 1, max: 20 },
      text("who", 1, 20),
    ];
    const r = renderParams(
      params,
      {
        title: { type: "fixed", value: "Halo" },
        amount: { type: "field", field: "last_order_amount" },
        due: { type: "field", field: "last_unpaid_due" },
        qty: { type: "column", column: "Qty" },
        day: { type: "column", column: "day" },
        who: { type: "field", field: "first_name" },
      },
      { columns: { Qty: "1234567", day: "21-11-2026" }, customer: customer() },
    );
    expect(r).toEqual({
      ok: true,
      params: {
        title: "Halo",
        amount: "Rp 10.000",
        due: "21 Nov 2026, 14.05 WIB",
        qty: "1.234.567",
        day: "21 Nov 2026",
        who: "Siti",
      },
    });
  });

  it("an empty value takes the fallback; no fallback → missing", () => {
    const params = [text("who", 1, 20)];
    expect(
      renderParams(
        params,
        { who: { type: "field", field: "first_name", fallback: "Pelanggan" } },
        { customer: customer({ name: null }) },
      ),
    ).toEqual({ ok: true, params: { who: "Pelanggan" } });
    expect(
      renderParams(
        params,
        { who: { type: "column", column: "name", fallback: "Kak" } },
        { columns: { name: "  " } },
      ),
    ).toEqual({ ok: true, params: { who: "Kak" } });
    const r = renderParams(params, { who: { type: "column", column: "name" } }, { columns: {} });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([{ param: "who", code: "missing", min: 1, max: 20 }]);
  });

  it("checks the rendered length against the template's limits (characters, as GoPay's sandbox counts)", () => {
    const params = [text("description", 50, 70), text("cta", 7, 8)];
    const long = "x".repeat(71);
    const r = renderParams(
      params,
      { description: { type: "fixed", value: long }, cta: { type: "fixed", value: "Bayar" } },
      {},
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      { param: "description", code: "too_long", length: 71, min: 50, max: 70 },
      { param: "cta", code: "too_short", length: 5, min: 7, max: 8 },
    ]);
    // What could be rendered is still shown (the preview shows the too-long text).
    expect(r.params.description).toBe(long);
    // A first name that makes the text too long is caught per recipient.
    const p2 = [text("title", 1, 12)];
    const src = { title: { type: "field" as const, field: "name" as const } };
    expect(renderParams(p2, src, { customer: customer({ name: "Ana" }) }).ok).toBe(true);
    expect(renderParams(p2, src, { customer: customer({ name: "Bambang Sutrisno Wijaya" }) }).ok).toBe(false);
  });

  it("bad values for typed parameters are problems, not guesses", () => {
    const params: TemplateParamDef[] = [
      { name: "a", type: "rupiah", min: 1, max: 30 },
      { name: "n", type: "number", min: 1, max: 30 },
      { name: "d", type: "date", min: 1, max: 30 },
    ];
    const r = renderParams(
      params,
      {
        a: { type: "column", column: "a" },
        n: { type: "column", column: "n" },
        d: { type: "column", column: "d" },
      },
      { columns: { a: "1,500", n: "abc", d: "31-02-2026" } },
    );
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(["bad_rupiah", "bad_number", "bad_date"]);
    const ok = renderParams(
      params,
      {
        a: { type: "fixed", value: "Rp 150.000" },
        n: { type: "fixed", value: "2,5" },
        d: { type: "fixed", value: "2026-11-21T23:30:00Z" },
      },
      {},
    );
    expect(ok).toEqual({ ok: true, params: { a: "Rp 150.000", n: "2,5", d: "22 Nov 2026, 06.30 WIB" } });
  });

  it("a parameter without a source is a problem", () => {
    const r = renderParams([text("x", 1, 5)], {}, {});
    expect(!r.ok && r.problems[0]!.code).toBe("no_source");
  });

  it("helpers", () => {
    expect(firstName("  Siti   Nurhaliza ")).toBe("Siti");
    expect(formatNumberId("1.234.567")).toBe("1.234.567");
    expect(formatNumberId("007")).toBe("7");
    expect(formatNumberId("1e5")).toBeUndefined();
    expect(renderedText("{{title}} — {{body}}", { title: "Hai", body: "Promo" })).toBe("Hai — Promo");
    expect(renderedText("No placeholders", { title: "Hai" })).toBe("title: Hai");
  });
});

describe("preview", () => {
  it("the exact API payload, without the token", () => {
    expect(apiPayload("push", "HK_PDS_NOTIFY", { title: "t", body: "b" }, "rid-1")).toEqual({
      method: "POST",
      path: "/v1/mini-apps/notifications/push",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: "Bearer <the customer's mini-app token>",
        "Request-Id": "rid-1",
      },
      body: { template_name: "HK_PDS_NOTIFY", template_parameters: { title: "t", body: "b" } },
    });
    expect(apiPayload("reminder", "LOKET_PAYMENT_REMINDER", {}, "rid-2")).toMatchObject({
      method: "PUT",
      path: "/v1/mini-apps/reminder",
    });
  });

  it("expected duration: throttle, quiet hours defer to their end in the recipient's zone", () => {
    // 10:00 WIB, 6,000 recipients at 50/s: 2 minutes, no quiet hours in the way.
    const at10 = new Date("2026-11-21T03:00:00Z");
    const day = estimateDuration({
      counts: { WIB: 6000 },
      throttlePerSecond: 50,
      quietStart: "21:00",
      quietEnd: "08:00",
      startFor: () => at10,
    });
    expect(day.sendingSeconds).toBe(120);
    expect(day.deferred).toBe(0);
    expect(day.finishAt!.getTime() - at10.getTime()).toBe(2 * 60_000);
    // 20:59 WIB, 6,000 at 50/s: 3,000 go in the first minute, the rest wait for 08:00 WIB.
    const late = new Date("2026-11-21T13:59:00Z");
    const night = estimateDuration({
      counts: { WIB: 6000 },
      throttlePerSecond: 50,
      quietStart: "21:00",
      quietEnd: "08:00",
      startFor: () => late,
    });
    expect(night.deferred).toBe(3000);
    expect(night.finishAt!.toISOString()).toBe("2026-11-22T01:01:00.000Z"); // 08:01 WIB
    // WIT is two hours ahead: at 19:30 WIB it is 21:30 WIT, deferred to 08:00 WIT = 06:00 WIB.
    const wit = estimateDuration({
      counts: { WIT: 10 },
      throttlePerSecond: 50,
      quietStart: "21:00",
      quietEnd: "08:00",
      startFor: () => new Date("2026-11-21T12:30:00Z"),
    });
    expect(wit.deferred).toBe(10);
    expect(wit.finishAt!.toISOString()).toBe("2026-11-21T23:01:00.000Z");
    expect(
      estimateDuration({
        counts: {},
        throttlePerSecond: 50,
        quietStart: "21:00",
        quietEnd: "08:00",
        startFor: () => at10,
      }).finishAt,
    ).toBeNull();
    expect(shortDuration(3725)).toBe("1 h 02 min");
    expect(shortDuration(200)).toBe("3 min 20 s");
  });
});
