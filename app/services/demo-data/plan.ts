import type { PaymentOption } from "~db/schema";

/**
 * The demo's story, as data: what each seeded deeplink payment is, what the customer does with it
 * at the sandbox, what staff do afterwards in Loket, and when (in the story) it was created.
 * Pure: the seed reads it; the tests read it to know what to expect.
 */

/** What the customer does at the sandbox. */
export type CustomerMove = "pay" | "decline" | "expire" | "none";

/** What staff do in Loket afterwards (through the real services). */
export type StaffMove =
  | { kind: "refund_full"; by: "finance" }
  | { kind: "refund_partial"; by: "finance"; amount: bigint }
  /** A support agent refunds above the role's limit: an approval request, nothing sent. */
  | { kind: "refund_needs_approval"; by: "support" }
  /** GoPay's answer is lost (the sandbox drops the connection): the refund's outcome is unknown, the money stays reserved. */
  | { kind: "refund_unknown"; by: "finance" }
  | { kind: "cancel"; by: "support" };

export interface PaymentPlan {
  /** Suffix of the order id (DEMO-<stamp>-<n>). */
  n: number;
  /** Minor units (IDR × 100). */
  amount: bigint;
  move: CustomerMove;
  payOption?: PaymentOption;
  staff?: StaffMove;
  /** Story time: days before today (WIB) and the WIB time of day, minutes after midnight … */
  daysAgo: number;
  wibMinute: number;
  /** … or, for recent ones, minutes before the seed ran. */
  minutesAgo?: number;
}

const rp = (rupiah: number) => BigInt(rupiah) * 100n;
const OPTIONS: readonly PaymentOption[] = ["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"];

// Rupiah amounts from Rp 15.000 to Rp 2.500.000; three above the support limit (Rp 1.000.000).
const PAID: Array<[number, StaffMove | undefined]> = [
  [2_500_000, { kind: "refund_needs_approval", by: "support" }],
  [1_250_000, { kind: "refund_partial", by: "finance", amount: rp(250_000) }],
  [1_750_000, undefined],
  [15_000, undefined],
  [45_000, undefined],
  [89_000, { kind: "refund_full", by: "finance" }],
  [125_000, { kind: "refund_partial", by: "finance", amount: rp(25_000) }],
  [310_000, { kind: "refund_full", by: "finance" }],
  [560_000, { kind: "refund_unknown", by: "finance" }],
  [99_500, undefined],
  [735_000, undefined],
  [27_500, undefined],
];
const PENDING: Array<[number, StaffMove | undefined]> = [
  [150_000, undefined],
  [65_000, undefined],
  [420_000, { kind: "cancel", by: "support" }],
  [18_000, { kind: "cancel", by: "support" }],
  [980_000, undefined],
];
const DECLINED = [210_000, 55_000, 1_100_000];
const EXPIRED = [75_000, 340_000, 22_000];

/** Deterministic spread: days 1–29 back, 08:00–21:59 WIB, so the list and charts look lived-in. */
function when(i: number): { daysAgo: number; wibMinute: number } {
  return { daysAgo: 1 + ((i * 7) % 29), wibMinute: 8 * 60 + ((i * 137) % (14 * 60)) };
}

export function paymentPlan(): PaymentPlan[] {
  const out: PaymentPlan[] = [];
  let n = 0;
  for (const [rupiah, staff] of PAID) {
    n++;
    out.push({ n, amount: rp(rupiah), move: "pay", payOption: OPTIONS[n % 3], staff, ...when(n) });
  }
  // Pending (and soon-cancelled) payments are recent: today, a few hours back at most.
  for (const [rupiah, staff] of PENDING) {
    n++;
    out.push({ n, amount: rp(rupiah), move: "none", staff, daysAgo: 0, wibMinute: 0, minutesAgo: 7 + out.length * 9 });
  }
  for (const rupiah of DECLINED) out.push({ n: ++n, amount: rp(rupiah), move: "decline", ...when(n) });
  for (const rupiah of EXPIRED) out.push({ n: ++n, amount: rp(rupiah), move: "expire", ...when(n) });
  return out;
}

/** Validity of the seeded deeplink payments: pending ones stay pending for the demo's first days. */
export const PAYMENT_VALID_MINUTES = 3 * 24 * 60;

/** Tokenized charges (rupiah) on the enabled accounts; the first is partly refunded (Core refund). */
export const CHARGES = [185_000, 42_000, 67_500, 23_000];
export const CHARGE_PARTIAL_REFUND = rp(10_000);

/** Pre-auth holds (rupiah, hold minutes) and what happens to each. */
export type HoldFate = "active" | "capture" | "release" | "expire";
export const HOLDS: Array<{ rupiah: number; minutes: number; fate: HoldFate }> = [
  { rupiah: 200_000, minutes: 24 * 60, fate: "active" },
  { rupiah: 300_000, minutes: 3 * 24 * 60, fate: "active" },
  { rupiah: 450_000, minutes: 6 * 24 * 60, fate: "active" },
  { rupiah: 120_000, minutes: 12 * 60, fate: "active" },
  { rupiah: 275_000, minutes: 24 * 60, fate: "capture" },
  { rupiah: 95_000, minutes: 24 * 60, fate: "release" },
  // Lapses at GoPay (the sandbox's expire control). Loket's row is back-dated first so its
  // expires_at is in the past when GoPay's `cancel` arrives — i.e. an expiry, not a release.
  { rupiah: 160_000, minutes: 60, fate: "expire" },
];

/**
 * Pay accounts: who links, and what happens next. Account i belongs to demo customer i
 * (demo-user-<i+1>, the sandbox's customer i+1): the same phone as their mini-app profile and orders.
 */
export type AccountFate = "enabled" | "pending" | "customer_unbinds" | "staff_unbinds" | "declined";
export const ACCOUNTS: Array<{ fate: AccountFate }> = [
  { fate: "enabled" },
  { fate: "enabled" },
  { fate: "pending" },
  { fate: "customer_unbinds" },
  { fate: "staff_unbinds" },
  { fate: "declined" },
];

const DAY_MS = 24 * 60 * 60 * 1000;
const WIB_MS = 7 * 60 * 60 * 1000;

/** Story time → a Date: `daysAgo` WIB days before `now`'s WIB day, at `wibMinute`; never in the future. */
export function storyTime(now: Date, p: { daysAgo: number; wibMinute: number; minutesAgo?: number }): Date {
  if (p.minutesAgo !== undefined) return new Date(now.getTime() - p.minutesAgo * 60_000);
  const { daysAgo, wibMinute } = p;
  const wibMidnight = Math.floor((now.getTime() + WIB_MS) / DAY_MS) * DAY_MS - WIB_MS;
  const t = new Date(wibMidnight - daysAgo * DAY_MS + wibMinute * 60_000);
  return t.getTime() < now.getTime() - 60_000 ? t : new Date(now.getTime() - 60 * 60_000);
}
