import { describe, expect, it } from "vitest";
import { checkReminderParams, paymentDueParams, REMINDER_TEMPLATES } from "./templates";

describe("reminder templates", () => {
  it("the payment-due text always fits LOKET_PAYMENT_REMINDER's limits, whatever the order id and amount", () => {
    const ids = ["A", "ORD-1", "ORD-2026-000123", "E2E-REM-ABC123", "X".repeat(30), "Y".repeat(64)];
    const amounts = [100n, 150_000_00n, 99_999_999_999_00n];
    for (const orderId of ids)
      for (const amount of amounts) {
        const p = paymentDueParams({ orderId, amount });
        expect(checkReminderParams("LOKET_PAYMENT_REMINDER", p), `${orderId} ${amount}`).toMatchObject({
          ok: true,
        });
      }
  });

  it("names the parameter out of its limits, and a missing one", () => {
    expect(
      checkReminderParams("LOKET_PAYMENT_REMINDER", { description: "too short", cta: "Bayarkan" }),
    ).toEqual({
      ok: false,
      problems: [{ param: "description", problem: "length", min: 50, max: 70, length: 9 }],
    });
    expect(
      checkReminderParams("LOKET_HOLD_REMINDER", paymentDueParams({ orderId: "ORD-1", amount: 100n })),
    ).toMatchObject({
      ok: false,
      problems: [{ param: "order_id", problem: "missing" }],
    });
    expect(REMINDER_TEMPLATES.LOKET_PAYMENT_REMINDER.map((p) => p.name)).toEqual(["description", "cta"]);
  });
});
