import type { CaseWarning, CustomerCase } from "~/services/customers/case.server";

const LIVE = new Set(["creating", "active", "unknown"]);
const PAID = new Set(["paid", "partially_refunded", "refunded"]);

/**
 * The customer case view's warning: a "payment due" reminder still live at GoPay on an order that
 * is paid (the removal job or the minute sweep has not got to it yet, or GoPay refused the removal).
 * Read from what the case already loaded (its timeline's reminder entries and its orders).
 */
export function reminderOnPaidOrderRule(c: Omit<CustomerCase, "warnings">): CaseWarning[] {
  const paid = new Set(c.orders.filter((o) => PAID.has(o.status)).map((o) => o.orderId));
  return c.timeline
    .filter((e) => e.source === "reminder" && e.kind === "reminder.created" && e.orderId && paid.has(e.orderId) && LIVE.has(e.status ?? ""))
    .map((e) => ({ kind: "reminderOnPaidOrder" as const, params: { reminderId: e.code ?? "" }, orderId: e.orderId ?? undefined }));
}
