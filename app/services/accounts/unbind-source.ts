import type { UnbindSource } from "~db/schema";

/**
 * Who disabled a pay account, as far as a pay-account notification's `status_message` says.
 * GoPay's docs say the notification is also sent when the customer unlinks in the GoPay app or
 * changes phone number; the message is the only hint of which. It is an unverifiable body
 * (contract §7), so it may ONLY label the unbind event — the account's state always comes from
 * GoPay's GET. Anything unrecognised or missing → "gopay" (GoPay did it, reason not given).
 */
export function unbindSourceFromStatusMessage(message: unknown): Extract<UnbindSource, "customer_app" | "phone_change" | "gopay"> {
  if (typeof message !== "string") return "gopay";
  if (/\bunlinked by user\b/i.test(message)) return "customer_app";
  if (/\bphone number changed\b/i.test(message)) return "phone_change";
  return "gopay";
}

/** The `status_message` of a stored notification's raw body, or undefined when unreadable. */
export function statusMessageOf(rawBody: string): unknown {
  try {
    const body: unknown = JSON.parse(rawBody);
    return body && typeof body === "object" ? (body as { status_message?: unknown }).status_message : undefined;
  } catch {
    return undefined;
  }
}
