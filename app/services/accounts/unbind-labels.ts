import type { UnbindSource } from "~db/schema";

/** How each unbind source reads to staff. Not server-only: the account pages render it. */
export const SOURCE_LABEL: Record<UnbindSource, string> = {
  staff: "Staff in Loket",
  merchant_api: "Merchant API",
  customer_app: "Customer in the GoPay app",
  phone_change: "Phone number change",
  // GoPay disabled it without saying why (see unbindSourceFromStatusMessage).
  gopay: "GoPay (no reason given)",
};
