import { CHANNELS, PAYMENT_OPTIONS, type Channel, type PaymentOption } from "~db/schema/orders";

/*
 * The report is a list of SOURCES, one per money movement. Adding a movement is one more key here,
 * one more module in ./sources/, and its share in report_days (a report_*_contribs function in a
 * migration). Client-safe: types and constants only.
 */
export const REPORT_SOURCES = [
  "payments",
  "refunds",
  "cancels",
  "captures",
  "releases",
  "coin_payouts",
] as const;
export type ReportSourceKey = (typeof REPORT_SOURCES)[number];

/**
 * How a source moves the merchant's money in "net": payments in, refunds and coin payouts out.
 * Captures are already payments (a captured hold makes its order paid, at capture time), and
 * cancels and releases move no money: shown, counted, not netted.
 */
export const NET_SIGN: Record<ReportSourceKey, 1 | -1 | 0> = {
  payments: 1,
  refunds: -1,
  cancels: 0,
  captures: 0,
  releases: 0,
  coin_payouts: -1,
};

/** Sources that belong to an order, so split by its channel and option (coin payouts are not). */
export const SPLIT_SOURCES: readonly ReportSourceKey[] = [
  "payments",
  "refunds",
  "cancels",
  "captures",
  "releases",
];

/** The auxiliary keys of report_days the overview uses for success rate (orders created, and of them paid). */
export const AUX_SOURCES = ["created", "created_paid"] as const;

export const REPORT_CHANNELS: readonly Channel[] = CHANNELS;
export const REPORT_OPTIONS: readonly PaymentOption[] = PAYMENT_OPTIONS;

export function isReportSource(v: unknown): v is ReportSourceKey {
  return typeof v === "string" && (REPORT_SOURCES as readonly string[]).includes(v);
}
