import type { Channel, OrderStatus, PaymentOption } from "~db/schema/orders";

/*
 * Client-safe labels for the order enums. Only types come from the schema so the browser bundle
 * does not pull drizzle in; `Exhaustive` makes a new enum value in the schema a type error here.
 */
type Exhaustive<T extends string, L extends Record<T, string>> = L;

export const STATUS_LABELS: Exhaustive<OrderStatus, Record<OrderStatus, string>> = {
  pending: "Pending",
  authorised: "Authorised",
  paid: "Paid",
  partially_refunded: "Partially refunded",
  refunded: "Refunded",
  cancelled: "Cancelled",
  expired: "Expired",
  failed: "Failed",
};
export const CHANNEL_LABELS: Record<Channel, string> = {
  deeplink: "Deeplink",
  tokenized: "Tokenized",
  preauth: "Pre-auth",
};
export const OPTION_LABELS: Record<PaymentOption, string> = {
  GOPAY_WALLET: "GoPay wallet",
  PAY_LATER: "PayLater",
  GOPAY_SAVINGS: "Tabungan",
};

export const STATUS_VALUES = Object.keys(STATUS_LABELS) as OrderStatus[];
export const CHANNEL_VALUES = Object.keys(CHANNEL_LABELS) as Channel[];
export const OPTION_VALUES = Object.keys(OPTION_LABELS) as PaymentOption[];

export const SORTS = ["created_desc", "created_asc", "amount_desc", "amount_asc"] as const;
export type OrderSort = (typeof SORTS)[number];
export const SORT_LABELS: Record<OrderSort, string> = {
  created_desc: "Newest first",
  created_asc: "Oldest first",
  amount_desc: "Largest amount",
  amount_asc: "Smallest amount",
};

export const RANGE_PRESETS = ["today", "7d", "30d", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const RANGE_LABELS: Record<RangePreset, string> = {
  today: "Today",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom",
};
