import { describe, expect, it } from "vitest";
import { DEMO_TEMPLATES } from "~/services/campaigns/templates.server";
import { checkReminderParams, paymentDueParams } from "./templates";

// The reminder templates as Loket's registry holds them (the demo registers these; the sandbox knows them).
const defsOf = (name: string) => {
  const t = DEMO_TEMPLATES.find((x) => x.name === name && x.kind === "reminder");
  if (!t) throw new Error(`${name} is not a registered reminder template`);
  return t.params;
};
const PAYMENT = defsOf("LOKET_PAYMENT_REMINDER");
const HOLD = defsOf("LOKET_HOLD_REMINDER");

describe("reminder templates (the registry's parameters)", () => {
  it("the registry keeps the reminder limits: description 50–70, CTA 7–8", () => {
    expect(PAYMENT.map((p) => [p.name, p.min, p.max])).toEqual([
      ["description", 50, 70],
      ["cta", 7, 8],
    ]);
    expect(HOLD.map((p) => p.name)).toEqual(["description", "cta", "order_id"]);
  });

  it("the payment-due text always fits LOKET_PAYMENT_REMINDER's limits, whatever the order id and amount", () => {
    const ids = ["A", "ORD-1", "ORD-2026-000123", "E2E-REM-ABC123", "X".repeat(30), "Y".repeat(64)];
    const amounts = [100n, 150_000_00n, 99_999_999_999_00n];
    for (const orderId of ids)
      for (const amount of amounts) {
        const p = paymentDueParams({ orderId, amount }, PAYMENT);
        expect(checkReminderParams(PAYMENT, p), `${orderId} ${amount}`).toMatchObject({
          ok: true,
        });
        // …and the hold template's, which also names the order.
        expect(checkReminderParams(HOLD, paymentDueParams({ orderId, amount }, HOLD)), orderId).toMatchObject(
          {
            ok: true,
          },
        );
      }
  });

  it("fits the wording to the limits the registry holds now (an edited template)", () => {
    const tighter = PAYMENT.map((p) => (p.name === "description" ? { ...p, min: 40, max: 60 } : p));
    const p = paymentDueParams({ orderId: "ORD-2026-000123", amount: 150_000_00n }, tighter);
    expect(p.description!.length).toBeLessThanOrEqual(60);
    expect(checkReminderParams(tighter, p)).toMatchObject({ ok: true });
  });

  it("names the parameter out of its limits, and a missing one", () => {
    expect(checkReminderParams(PAYMENT, { description: "too short", cta: "Bayarkan" })).toEqual({
      ok: false,
      problems: [{ param: "description", problem: "length", min: 50, max: 70, length: 9 }],
    });
    expect(checkReminderParams(HOLD, paymentDueParams({ orderId: "ORD-1", amount: 100n }))).toMatchObject({
      ok: false,
      problems: [{ param: "order_id", problem: "missing" }],
    });
  });

  it("keeps only the template's parameters, formatted by their type", () => {
    const defs = [
      { name: "amount", type: "rupiah" as const, min: 1, max: 20 },
      { name: "count", type: "number" as const, min: 1, max: 10 },
    ];
    expect(checkReminderParams(defs, { amount: "150000", count: "1234", extra: "dropped" })).toEqual({
      ok: true,
      params: { amount: "Rp 150.000", count: "1.234" },
    });
    expect(checkReminderParams(defs, { amount: "abc", count: "2" })).toMatchObject({
      ok: false,
      problems: [{ param: "amount", problem: "format" }],
    });
  });
});
