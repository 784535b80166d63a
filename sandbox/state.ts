import fs from "node:fs";
import { randomUUID } from "node:crypto";
import {
  DEFAULT_COIN_WALLET_RUPIAH,
  PAY_OPTIONS,
  type CoreStatus,
  type PayOption,
  type SnapStatus,
} from "./contract";

/** Everything the sandbox remembers. Plain JSON (amounts are integer sen) so it snapshots as is. */

export type StoredResponse = { status: number; body: unknown };

export type Customer = {
  id: string;
  name: string;
  phone: string; // 62812…
  email: string;
  authCode: string; // seeded, reusable
  authToken: string;
  gopayAccountId: string;
  /** sen per payment option */
  balances: Record<PayOption, number>;
  coinsSen: number;
  /** Control API (`/_sandbox/coins/fraud`): GoPay's risk engine refuses this user's cashback with 4060. */
  coinsFraud?: boolean;
  /** Pushes this user received (effects, not calls). */
  pushCount?: number;
  /**
   * The Request-Ids of this user's last pushes (bounded, PUSH_REPLAY_PER_USER): a push's answer is
   * always the same success, so replay needs only the id, kept with the user rather than in one
   * ever-growing map — a 1,000,000-push campaign grows nothing but counters.
   */
  pushRequestIds?: string[];
};

export type SnapRefund = {
  refundNo: string;
  partnerRefundNo: string;
  amountSen: number;
  reason?: string;
  at: number;
  response: StoredResponse;
};

export type SnapPayment = {
  referenceNo: string;
  partnerReferenceNo: string;
  externalId: string;
  merchantId?: string;
  amountSen: number;
  status: SnapStatus;
  tokenized: boolean;
  createdAt: number;
  validUpTo: number;
  paidAt?: number;
  finishedAt?: number;
  payOption?: PayOption;
  customerId?: string;
  metadata?: unknown;
  refunds: SnapRefund[];
};

export type PayAccount = {
  accountId: string;
  customerId: string;
  phone: string;
  status: "PENDING" | "ENABLED" | "EXPIRED" | "DISABLED";
  createdAt: number;
  /** payment option → token; tokens change when an account is re-enabled */
  tokens: Record<PayOption, string>;
};

export type CoreRefund = {
  refundKey: string;
  chargebackId: number;
  amountSen: number;
  reason?: string;
  at: number;
  response: StoredResponse;
};

export type CoreTransaction = {
  transactionId: string;
  orderId: string;
  accountId: string;
  customerId: string;
  payOption: PayOption;
  amountSen: number;
  status: CoreStatus;
  preAuth: boolean;
  createdAt: number;
  settledAt?: number;
  holdExpiresAt?: number;
  refunds: CoreRefund[];
  /** Where this transaction's notifications go when the charge carried X-Override/Append-Notification. */
  notifyUrls?: { override: boolean; urls: string[] };
};

export type AuthCode = {
  code: string;
  customerId: string;
  expiresAt?: number;
  used: boolean;
  reusable: boolean;
};

export type Reminder = {
  reminderId: string;
  customerId: string;
  template: string;
  params: Record<string, string>;
  at: number;
  deleted: boolean;
};
export type Push = {
  id: string;
  customerId: string;
  template: string;
  params: Record<string, string>;
  at: number;
};
export type Cashback = {
  paymentId: string;
  customerId: string;
  rupiah: number;
  rewardType: string;
  description: string;
  at: number;
};

export type State = {
  customers: Customer[];
  snapPayments: SnapPayment[];
  payAccounts: PayAccount[];
  coreTransactions: CoreTransaction[];
  authCodes: AuthCode[];
  reminders: Reminder[];
  /** The most recent pushes only (PUSH_RECENT_LOG); pushStats counts them all. */
  pushes: Push[];
  pushStats: { total: number; replays: number; byTemplate: Record<string, number> };
  cashbacks: Cashback[];
  coinWalletRupiah: number;
  accessTokens: Record<string, { clientId: string; expiresAt: number }>;
  /** `${partnerId}|${wibDay}|${externalId}` → body hash + response */
  externalIds: Record<string, { bodyHash: string; response: StoredResponse }>;
  /** Core Idempotency-Key → first response */
  idempotencyKeys: Record<string, { at: number; response: StoredResponse }>;
  /** mini-app Request-Id → first response */
  requestIds: Record<string, StoredResponse>;
  seq: number;
  clockOffsetMs: number;
};

const FIRST = [
  "Ayu",
  "Budi",
  "Citra",
  "Dewi",
  "Eko",
  "Fajar",
  "Gita",
  "Hadi",
  "Indah",
  "Joko",
  "Kartika",
  "Lestari",
  "Made",
  "Nur",
  "Oka",
  "Putri",
  "Rizky",
  "Sari",
  "Teguh",
  "Wulan",
];
const LAST = [
  "Pratama",
  "Santoso",
  "Wijaya",
  "Lestari",
  "Saputra",
  "Hidayat",
  "Kusuma",
  "Nugroho",
  "Siregar",
  "Harahap",
];

/** What a customer made by linking an unknown phone holds (sen). */
export const DEFAULT_BALANCES: Record<PayOption, number> = {
  GOPAY_WALLET: 5_000_000 * 100,
  PAY_LATER: 5_000_000 * 100,
  GOPAY_SAVINGS: 10_000_000 * 100,
};

function variedBalances(i: number): Record<PayOption, number> {
  return {
    GOPAY_WALLET: (i % 5 === 0 ? 50_000 : 2_000_000 + i * 100_000) * 100,
    PAY_LATER: 5_000_000 * 100,
    GOPAY_SAVINGS: (i % 3 === 0 ? 0 : 10_000_000) * 100,
  };
}

export function newCustomer(i: number, phone?: string): Customer {
  const n = String(i).padStart(2, "0");
  const first = FIRST[(i - 1) % FIRST.length];
  const last = LAST[(i - 1) % LAST.length];
  return {
    id: `cust-${n}`,
    name: `${first} ${last}`,
    phone: phone ?? `6281200000${String(i).padStart(3, "0")}`,
    email: `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.id`,
    authCode: `AC-cust-${n}`,
    authToken: `AT-${randomUUID()}`,
    gopayAccountId: `GPA-${String(100000 + i)}`,
    // The 20 seeded customers have varied balances, so insufficient-funds paths are reachable by
    // picking one (cust-05: Rp 50.000 wallet). A customer made by linking an unknown phone gets the
    // default balances whatever its position in the list (it used to inherit the pattern: every
    // fifth linked phone could not pay Rp 50.001, which made tests that link new phones flaky).
    balances: phone === undefined ? variedBalances(i) : { ...DEFAULT_BALANCES },
    coinsSen: 0,
  };
}

/** How many recent pushes the state keeps in full (the control API's recent log). */
export const PUSH_RECENT_LOG = 500;
/** How many of a user's latest push Request-Ids are remembered for replay. */
export const PUSH_REPLAY_PER_USER = 32;

export function seedState(): State {
  const customers = Array.from({ length: 20 }, (_, k) => newCustomer(k + 1));
  return {
    customers,
    snapPayments: [],
    payAccounts: [],
    coreTransactions: [],
    authCodes: customers.map((c) => ({ code: c.authCode, customerId: c.id, used: false, reusable: true })),
    reminders: [],
    pushes: [],
    pushStats: { total: 0, replays: 0, byTemplate: {} },
    cashbacks: [],
    coinWalletRupiah: DEFAULT_COIN_WALLET_RUPIAH,
    accessTokens: {},
    externalIds: {},
    idempotencyKeys: {},
    requestIds: {},
    seq: 1,
    clockOffsetMs: 0,
  };
}

export function newTokens(): Record<PayOption, string> {
  return Object.fromEntries(PAY_OPTIONS.map((o) => [o, randomUUID()])) as Record<PayOption, string>;
}

/** Digits of a phone without country prefix, for matching `0812…`, `62812…`, `+62812…`, `812…`. */
export function phoneKey(phone: string): string {
  const d = phone.replace(/\D/g, "");
  if (d.startsWith("62")) return d.slice(2);
  if (d.startsWith("0")) return d.slice(1);
  return d;
}

export function loadSnapshot(file: string | undefined): State | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as State;
    return { ...seedState(), ...parsed };
  } catch (err) {
    console.warn(`sandbox: ignoring unreadable snapshot ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

/**
 * Writes the state as the JSON `JSON.stringify(state)` would give, without building it as one
 * string: item by item, in ~1 MB writes. At 100,000 payments (with their stored replies) the JSON
 * is a few hundred MB, and V8 refuses a string longer than ~512 MB. Written to a temporary file
 * and renamed, so a crash mid-write leaves the previous snapshot.
 */
export function saveSnapshot(file: string | undefined, state: State): void {
  if (!file) return;
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, "w");
  try {
    let buf = "";
    const put = (s: string) => {
      buf += s;
      if (buf.length >= 1 << 20) {
        fs.writeSync(fd, buf);
        buf = "";
      }
    };
    // One level down: a list's items and a record's entries are stringified one at a time.
    const members = (v: object) => {
      if (Array.isArray(v)) {
        put("[");
        v.forEach((x, i) => put((i > 0 ? "," : "") + (JSON.stringify(x) ?? "null")));
        return put("]");
      }
      put("{");
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        const json = JSON.stringify(x);
        if (json === undefined) continue;
        put(`${first ? "" : ","}${JSON.stringify(k)}:${json}`);
        first = false;
      }
      put("}");
    };
    put("{");
    let first = true;
    for (const [k, v] of Object.entries(state) as [string, unknown][]) {
      if (v === undefined || typeof v === "function") continue;
      put(`${first ? "" : ","}${JSON.stringify(k)}:`);
      first = false;
      if (v !== null && typeof v === "object" && !("toJSON" in v)) members(v);
      else put(JSON.stringify(v));
    }
    put("}");
    fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}
