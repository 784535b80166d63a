import type { Channel, OrderStatus, PaymentOption, PayAccountStatus, UnbindSource, Zone } from "~db/schema";

/**
 * The demo's BULK history, as data: ~60 days of a merchant's business (a few thousand orders),
 * generated deterministically from the WIB calendar date, so every start computes the same rows
 * and only inserts the ones missing (idempotent; a start on a later day tops up the new days).
 *
 * Pure: history.server.ts writes it (fast path, straight into the tables, with consistent times);
 * the tests read it. The representative sample that goes through the merchant API and the sandbox
 * is plan.ts.
 *
 * Invariants every generated order keeps (tests/integration/demo-seed-*.test.ts check them):
 * created ≤ paid ≤ notification ≤ refund ≤ now; a hold is captured/released before it expires;
 * an account's tokenized orders fall between its linking and its unbind; the order carries its
 * customer's phone and email (the same person everywhere).
 */

export const HISTORY_DAYS = 60;
/** Order ids of the bulk history: INV-<yyyymmdd>-<nnnn> (WIB date). */
export const HISTORY_PREFIX = "INV-";
export const HISTORY_CUSTOMERS = 320;
/** Merchant user ids of the history's customers: U<5 digits>. */
export const historyMerchantUserId = (i: number) => `U${String(10_000 + i)}`;

const DAY_MS = 24 * 60 * 60 * 1000;
const WIB_MS = 7 * 60 * 60 * 1000;
const MIN = 60_000;

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
/** A stable UUID-shaped id from a string (GoPay's account ids / transaction ids are UUIDs). */
export function stableUuid(s: string): string {
  const r = rng(hash(s));
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const FIRST = [
  "Adi", "Agus", "Ahmad", "Andi", "Anisa", "Arief", "Ayu", "Bambang", "Bayu", "Budi", "Citra", "Dedi", "Dewi", "Dian", "Dimas", "Eka",
  "Endang", "Fajar", "Fitri", "Gita", "Hadi", "Hendra", "Indah", "Intan", "Joko", "Kartika", "Lestari", "Lukman", "Maya", "Mega", "Nadia",
  "Nur", "Putri", "Rahmat", "Rina", "Rizky", "Sari", "Siti", "Surya", "Taufik", "Tri", "Wahyu", "Wulan", "Yoga", "Yuni", "Zahra", "Ikhsan", "Kurniawati",
] as const;
const LAST = [
  "Santoso", "Wijaya", "Lestari", "Pratama", "Saputra", "Hidayat", "Nugroho", "Kusuma", "Wibowo", "Siregar", "Nasution", "Harahap", "Simanjuntak",
  "Gunawan", "Setiawan", "Purnomo", "Rahayu", "Susanto", "Halim", "Tanjung", "Putra", "Utami", "Hakim", "Sitompul", "Permana", "Ramadhan", "Hartono", "Situmorang",
] as const;
const MAIL = ["gmail.example", "yahoo.example", "mail.example", "outlook.example"] as const;

export interface HistoryCustomer {
  i: number;
  merchantUserId: string;
  name: string;
  phone: string;
  email: string;
  /** A mini-app session (consent given, token stored, profile fetched). */
  session: boolean;
  /** The time zone staff recorded (customers.zone); null: not known, campaigns use WIB. */
  zone: Zone | null;
  gopayAccountId: string;
  createdAt: Date;
  account?: HistoryAccount;
}
export interface HistoryAccount {
  accountId: string;
  status: PayAccountStatus;
  createdAt: Date;
  linkedAt?: Date;
  unboundAt?: Date;
  unbindSource?: UnbindSource;
  expiredAt?: Date;
}

/**
 * The zone staff recorded for history customer i, from its own stream (the other draws stay as
 * they were): about 14 % in WITA (Makassar, Bali, Balikpapan, Manado, Mataram), about 3 % in WIT
 * (Jayapura, Sorong, Ambon, Ternate) — roughly Indonesia's shares outside WIB — and the rest not
 * set (WIB is used), as a merchant that only learns it from some customers would have.
 */
export function historyZone(i: number): Zone | null {
  const z = rng(hash(`zone-${i}`))();
  return z < 0.14 ? "WITA" : z < 0.17 ? "WIT" : null;
}

/** WIB midnight of the day `daysAgo` days before now's WIB day. */
export function wibDayStart(now: Date, daysAgo: number): Date {
  return new Date(Math.floor((now.getTime() + WIB_MS) / DAY_MS) * DAY_MS - WIB_MS - daysAgo * DAY_MS);
}
/** yyyymmdd of a WIB day. */
export function wibYmd(dayStart: Date): string {
  return new Date(dayStart.getTime() + WIB_MS).toISOString().slice(0, 10).replaceAll("-", "");
}

/**
 * The customers, fixed (not relative to now, except their sign-up times, which only need to be
 * before the window): the same merchant user id, phone and email on their orders, their mini-app
 * session and their linked account.
 */
export function historyCustomers(now: Date): HistoryCustomer[] {
  const windowStart = wibDayStart(now, HISTORY_DAYS - 1).getTime();
  return Array.from({ length: HISTORY_CUSTOMERS }, (_, k) => {
    const i = k + 1;
    const r = rng(hash(`customer-${i}`));
    const first = pick(r, FIRST);
    const last = pick(r, LAST);
    const phone = `62813${String(10_000_000 + ((i * 7_919) % 89_999_999)).padStart(8, "0")}`;
    const email = `${first}.${last}${i}@${pick(r, MAIL)}`.toLowerCase();
    const createdAt = new Date(windowStart - Math.floor(r() * 120 + 1) * DAY_MS + Math.floor(r() * 12 + 8) * 60 * MIN);
    const c: HistoryCustomer = {
      i,
      merchantUserId: historyMerchantUserId(i),
      name: `${first} ${last}`,
      phone,
      email,
      session: r() < 0.72,
      zone: historyZone(i),
      gopayAccountId: `GPA-${String(300_000 + i)}`,
      createdAt,
    };
    // ~40 % link GoPay for tokenized payments; some later unbind, a few never finish or lapse.
    const a = r();
    if (a < 0.4) {
      const linkDaysAgo = Math.floor(r() * (HISTORY_DAYS - 2)) + 2;
      const created = new Date(wibDayStart(now, linkDaysAgo).getTime() + Math.floor(r() * 12 * 60 + 8 * 60) * MIN);
      const accountId = stableUuid(`account-${i}`);
      const s = r();
      if (s < 0.78) c.account = { accountId, status: "ENABLED", createdAt: created, linkedAt: new Date(created.getTime() + Math.floor(r() * 120 + 20) * 1000) };
      else if (s < 0.9) {
        const linkedAt = new Date(created.getTime() + Math.floor(r() * 120 + 20) * 1000);
        const until = Math.min(now.getTime() - 3 * 60 * MIN, linkedAt.getTime() + Math.floor(r() * 20 + 2) * DAY_MS);
        c.account = {
          accountId,
          status: "DISABLED",
          createdAt: created,
          linkedAt,
          unboundAt: new Date(Math.max(linkedAt.getTime() + 60 * MIN, until)),
          unbindSource: pick(r, ["customer_app", "customer_app", "staff", "phone_change"] as const),
        };
      } else if (s < 0.95) c.account = { accountId, status: "EXPIRED", createdAt: created, expiredAt: new Date(created.getTime() + 15 * MIN) };
      else c.account = { accountId, status: "PENDING", createdAt: created };
    }
    return c;
  });
}

export interface HistoryRefund {
  key: string;
  amount: bigint;
  at: Date;
  settledAt: Date;
  status: "succeeded" | "needs_attention";
  reasonCode: "customer_request" | "product_unavailable" | "duplicate_payment";
}
export interface HistoryOrder {
  orderId: string;
  customer: number; // HistoryCustomer.i
  channel: Channel;
  paymentOption: PaymentOption | null;
  status: OrderStatus;
  /** GoPay's raw status last applied (SNAP 00/05/06/08, Core settlement/deny/cancel/expire). */
  gopayStatus: string | null;
  amount: bigint;
  createdAt: Date;
  paidAt?: Date;
  closedAt?: Date;
  expiresAt?: Date;
  /** When GoPay's notification of the outcome arrived (a second or two after it). */
  notifiedAt?: Date;
  refunds: HistoryRefund[];
  hold?: { expiresAt: Date; fate: "captured" | "released" | "expired"; at: Date };
}

/** Orders per hour of the WIB day (weights): quiet nights, a lunch and an evening peak. */
const HOURS = [1, 0.5, 0.3, 0.2, 0.2, 0.5, 1.5, 3, 5, 6, 7, 9, 11, 9, 7, 6, 6, 7, 9, 11, 10, 7, 4, 2];
const HOURS_TOTAL = HOURS.reduce((a, b) => a + b, 0);

/** How many orders a WIB day has: weekdays busier than weekends, the 25th (payday) and 11th (a sale) peak. */
function ordersOnDay(dayStart: Date, r: () => number): number {
  const d = new Date(dayStart.getTime() + WIB_MS);
  const dow = d.getUTCDay();
  const dom = d.getUTCDate();
  let base = dow === 0 ? 26 : dow === 6 ? 32 : dow === 5 ? 52 : 46;
  if (dom === 25) base *= 2.3;
  if (dom === 11) base *= 1.9;
  return Math.round(base * (0.85 + r() * 0.3));
}

function amountOf(r: () => number, channel: Channel): bigint {
  // Log-normal around Rp 85.000 (deeplink/tokenized) or Rp 350.000 (holds: rentals, deposits).
  const median = channel === "preauth" ? 350_000 : 85_000;
  const z = Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
  let rupiah = median * Math.exp(0.85 * z);
  rupiah = Math.min(3_500_000, Math.max(10_000, rupiah));
  const step = rupiah < 100_000 ? 500 : 1_000;
  return BigInt(Math.round(rupiah / step) * step) * 100n;
}

const OPTIONS: readonly PaymentOption[] = ["GOPAY_WALLET", "GOPAY_WALLET", "GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"];

/**
 * The orders of one WIB day, in time order. Only those whose whole story (creation, outcome,
 * notification, refunds) lies at least 2 minutes before `now` are returned, so today's list grows
 * on a later start the same day. Customer picks are skewed
 * (a few regulars, many occasional buyers).
 */
export function historyDay(now: Date, daysAgo: number, customers: readonly HistoryCustomer[]): HistoryOrder[] {
  const dayStart = wibDayStart(now, daysAgo);
  const ymd = wibYmd(dayStart);
  const r = rng(hash(`day-${ymd}`));
  const n = ordersOnDay(dayStart, r);
  const times: number[] = [];
  for (let k = 0; k < n; k++) {
    let x = r() * HOURS_TOTAL;
    let h = 0;
    while (x > HOURS[h]! && h < 23) x -= HOURS[h++]!;
    times.push(dayStart.getTime() + h * 60 * MIN + Math.floor(r() * 3600) * 1000);
  }
  times.sort((a, b) => a - b);
  const out: HistoryOrder[] = [];
  const cutoff = now.getTime() - 2 * MIN;
  for (const [k, t] of times.entries()) {
    // Draw everything first so an order's fate does not depend on `now` (stable across starts).
    const draws = Array.from({ length: 12 }, r);
    if (t > cutoff) continue;
    const createdAt = new Date(t);
    const c = customers[Math.floor(Math.pow(draws[0]!, 1.7) * customers.length)]!;
    const acc = c.account;
    const usable = acc?.linkedAt && acc.linkedAt.getTime() < t && (!acc.unboundAt || acc.unboundAt.getTime() > t + 10 * MIN);
    const ch: Channel = usable ? (draws[1]! < 0.5 ? "tokenized" : draws[1]! < 0.62 && daysAgo >= 4 ? "preauth" : "deeplink") : "deeplink";
    const o: HistoryOrder = {
      orderId: `${HISTORY_PREFIX}${ymd}-${String(k + 1).padStart(4, "0")}`,
      customer: c.i,
      channel: ch,
      paymentOption: null,
      status: "paid",
      gopayStatus: null,
      amount: amountOf(() => draws[2]!, ch),
      createdAt,
      refunds: [],
    };
    const s = draws[3]!;
    const sec = (lo: number, hi: number) => Math.floor(lo + draws[4]! * (hi - lo)) * 1000;
    if (ch === "deeplink") {
      // Customers pay within seconds to minutes of the deeplink; GoPay says so a second later.
      if (s < 0.8) {
        o.paymentOption = OPTIONS[Math.floor(draws[5]! * OPTIONS.length)]!;
        o.paidAt = new Date(t + sec(15, 240));
        o.gopayStatus = "00";
        o.expiresAt = new Date(t + 15 * MIN);
      } else if (s < 0.89) {
        o.status = "expired";
        o.gopayStatus = "08";
        o.expiresAt = new Date(t + 15 * MIN);
        o.closedAt = o.expiresAt;
      } else if (s < 0.95) {
        o.status = "failed";
        o.gopayStatus = "06";
        o.expiresAt = new Date(t + 15 * MIN);
        o.closedAt = new Date(t + sec(20, 300));
      } else {
        o.status = "cancelled";
        o.gopayStatus = "05";
        o.expiresAt = new Date(t + 15 * MIN);
        o.closedAt = new Date(t + sec(60, 600));
      }
    } else if (ch === "tokenized") {
      o.paymentOption = OPTIONS[Math.floor(draws[5]! * OPTIONS.length)]!;
      if (s < 0.93) {
        o.paidAt = new Date(t + sec(1, 4));
        o.gopayStatus = "settlement";
      } else {
        o.status = "failed";
        o.gopayStatus = "deny";
        o.closedAt = new Date(t + sec(1, 4));
        o.paymentOption = null;
      }
    } else {
      // Pre-auth: a hold of 24 h or 72 h, captured within hours, released, or left to lapse.
      const holdMs = (draws[5]! < 0.5 ? 24 : 72) * 60 * MIN;
      const expiresAt = new Date(t + holdMs);
      o.expiresAt = expiresAt;
      if (s < 0.65) {
        const at = new Date(t + Math.floor(draws[6]! * (holdMs * 0.8)) + 10 * MIN);
        o.hold = { expiresAt, fate: "captured", at };
        o.paidAt = at;
        o.paymentOption = "GOPAY_WALLET";
        o.gopayStatus = "settlement";
      } else if (s < 0.9) {
        const at = new Date(t + Math.floor(draws[6]! * (holdMs * 0.8)) + 10 * MIN);
        o.hold = { expiresAt, fate: "released", at };
        o.status = "cancelled";
        o.gopayStatus = "cancel";
        o.closedAt = at;
      } else {
        o.hold = { expiresAt, fate: "expired", at: new Date(expiresAt.getTime() + Math.floor(draws[6]! * 60) * 1000) };
        o.status = "expired";
        o.gopayStatus = "expire";
        o.closedAt = o.hold.at;
      }
    }
    const outcomeAt = o.paidAt ?? o.closedAt;
    if (outcomeAt && !(ch === "preauth" && o.hold?.fate !== "expired")) o.notifiedAt = new Date(outcomeAt.getTime() + 600 + Math.floor(draws[7]! * 2400));
    if (o.hold && o.hold.fate !== "expired") o.notifiedAt = new Date(o.hold.at.getTime() + 800 + Math.floor(draws[7]! * 1500));

    // Refunds on paid orders: full (~3 %), partial (~4 %), days or hours later, never in the future.
    if (o.paidAt && o.channel !== "preauth") {
      const rf = draws[8]!;
      const at = new Date(o.paidAt.getTime() + Math.floor(draws[9]! * 3 * DAY_MS) + 30 * MIN);
      if (rf < 0.07 && at.getTime() < now.getTime() - 10 * MIN) {
        const full = rf < 0.03;
        const amount = full ? o.amount : (((o.amount * BigInt(20 + Math.floor(draws[10]! * 40))) / 100n / 100_000n) * 100_000n || 100_000n);
        o.refunds.push({
          key: `RF${stableUuid(`refund-${o.orderId}`).replaceAll("-", "")}`,
          amount,
          at,
          settledAt: new Date(at.getTime() + 700 + Math.floor(draws[11]! * 1500)),
          status: "succeeded",
          reasonCode: full ? (draws[10]! < 0.5 ? "product_unavailable" : "duplicate_payment") : "customer_request",
        });
        o.status = full ? "refunded" : "partially_refunded";
      }
    }
    // Everything about it must have happened already: an order whose outcome is still to come
    // (a deeplink that expires in ten minutes) waits for a later start, which adds it whole.
    const last = Math.max(...[o.paidAt, o.closedAt, o.notifiedAt, o.hold?.at, ...o.refunds.map((x) => x.settledAt)].map((d) => d?.getTime() ?? 0));
    if (last > cutoff) continue;
    out.push(o);
  }
  return out;
}

/** The whole window, oldest day first. */
export function historyPlan(now: Date): { customers: HistoryCustomer[]; orders: HistoryOrder[] } {
  const customers = historyCustomers(now);
  const orders: HistoryOrder[] = [];
  for (let d = HISTORY_DAYS - 1; d >= 0; d--) orders.push(...historyDay(now, d, customers));
  return { customers, orders };
}
