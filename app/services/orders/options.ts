import type { Channel, OrderStatus, PaymentOption } from "~db/schema/orders";

/*
 * The order enums' values, client-safe: only types come from the schema so the browser bundle
 * does not pull drizzle in. Their words are translation keys (orders:status.*, orders:channel.*,
 * orders:option.*, orders:range.*), never English here. `every` makes a new enum value in the
 * schema a type error until it is listed.
 */
function every<T extends string>(values: Record<T, true>): T[] {
  return Object.keys(values) as T[];
}

export const STATUS_VALUES = every<OrderStatus>({
  pending: true,
  authorised: true,
  paid: true,
  partially_refunded: true,
  refunded: true,
  cancelled: true,
  expired: true,
  failed: true,
});
export const CHANNEL_VALUES = every<Channel>({ deeplink: true, tokenized: true, preauth: true });
export const OPTION_VALUES = every<PaymentOption>({ GOPAY_WALLET: true, PAY_LATER: true, GOPAY_SAVINGS: true });

export const SORTS = ["created_desc", "created_asc", "amount_desc", "amount_asc"] as const;
export type OrderSort = (typeof SORTS)[number];

export const RANGE_PRESETS = ["today", "7d", "30d", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
