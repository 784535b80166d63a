import { SNAP_STATUS } from "./contract";
import {
  type AuthCode,
  type CoreTransaction,
  type Customer,
  type PayAccount,
  type Reminder,
  type SnapPayment,
  type SnapRefund,
  type State,
  phoneKey,
} from "./state";

/**
 * Derived lookups over the state, so a call costs the same at 100,000 payments as at ten. The state
 * stays plain JSON (it is what the snapshot holds); these indexes live beside it, never in it.
 *
 * How they stay consistent without every writer having to remember them: every list in State is
 * append-only (items are pushed, never removed or reordered) and the fields indexed never change
 * once an item is pushed (references, ids, orderId, phone, token, code). An index remembers the
 * list it was built over and how many items it has seen; each lookup first indexes the new tail. A
 * new list — a reset, a snapshot loaded, a test that replaces the state — is a new index (keyed by
 * the array itself, in a WeakMap), and a list that got shorter is re-indexed from scratch. Each key
 * maps to the positions of all items with that key, in list order, so `find` (first) and
 * `findLast` (last) answer exactly what the linear scans they replace answered.
 *
 * The one nested list, a SNAP payment's refunds, is indexed when its payment is first seen and then
 * through addSnapRefund, the only way the sandbox adds a refund.
 */
class MultiIndex<T> {
  private seen = 0;
  private readonly map = new Map<string, number[]>();

  constructor(
    private readonly list: T[],
    private readonly keysOf: (x: T) => (string | undefined)[],
  ) {}

  /** Called once per item, in list order, when it is first indexed. */
  protected onNew(_x: T): void {}

  /** Indexes items pushed since the last call; false when the list shrank (the caller rebuilds). */
  catchUp(): boolean {
    if (this.list.length < this.seen) return false;
    for (let i = this.seen; i < this.list.length; i++) {
      const x = this.list[i]!;
      for (const k of this.keysOf(x)) {
        if (k === undefined) continue;
        const at = this.map.get(k);
        if (at) at.push(i);
        else this.map.set(k, [i]);
      }
      this.onNew(x);
    }
    this.seen = this.list.length;
    return true;
  }

  positions(key: string): readonly number[] {
    return this.map.get(key) ?? [];
  }
  first(key: string): T | undefined {
    const at = this.map.get(key);
    return at ? this.list[at[0]!] : undefined;
  }
  last(key: string): T | undefined {
    const at = this.map.get(key);
    return at ? this.list[at[at.length - 1]!] : undefined;
  }
  all(key: string): T[] {
    return this.positions(key).map((i) => this.list[i]!);
  }
}

function registry<T, I extends MultiIndex<T>>(make: (list: T[]) => I): (list: T[]) => I {
  const byList = new WeakMap<T[], I>();
  return (list) => {
    let idx = byList.get(list);
    if (!idx || !idx.catchUp()) {
      idx = make(list);
      idx.catchUp();
      byList.set(list, idx);
    }
    return idx;
  };
}

// ── SNAP payments ────────────────────────────────────────────────────────────────────────────────

class SnapIndex extends MultiIndex<SnapPayment> {
  /** partnerRefundNo → the first refund with it, in payment order (the replay scan's answer). */
  readonly refunds = new Map<string, SnapRefund>();
  /** Payments that were pending when first seen, in list order; pruned as they leave pending. */
  pending: SnapPayment[] = [];
  constructor(list: SnapPayment[]) {
    super(list, (p) => [`r:${p.referenceNo}`, `p:${p.partnerReferenceNo}`, `e:${p.externalId}`]);
  }
  protected override onNew(p: SnapPayment): void {
    for (const r of p.refunds) if (!this.refunds.has(r.partnerRefundNo)) this.refunds.set(r.partnerRefundNo, r);
    if (p.status === SNAP_STATUS.pending) this.pending.push(p);
  }
}
const snapIndex = registry((list: SnapPayment[]) => new SnapIndex(list));

export const snapByReferenceNo = (s: State, ref: string) => snapIndex(s.snapPayments).first(`r:${ref}`);
export const lastSnapByPartnerReferenceNo = (s: State, prn: string) => snapIndex(s.snapPayments).last(`p:${prn}`);
export const lastSnapByExternalId = (s: State, ext: string) => snapIndex(s.snapPayments).last(`e:${ext}`);
export const snapRefundByPartnerRefundNo = (s: State, prn: string) => snapIndex(s.snapPayments).refunds.get(prn);

/** The only way a refund is added to a SNAP payment: pushed and indexed. */
export function addSnapRefund(s: State, p: SnapPayment, r: SnapRefund): void {
  const idx = snapIndex(s.snapPayments);
  p.refunds.push(r);
  if (!idx.refunds.has(r.partnerRefundNo)) idx.refunds.set(r.partnerRefundNo, r);
}

/** Pending SNAP payments in list order (what the expiry sweep walks instead of every payment). */
export function pendingSnapPayments(s: State): SnapPayment[] {
  const idx = snapIndex(s.snapPayments);
  // A payment never returns to pending, so one that left it can be dropped for good.
  idx.pending = idx.pending.filter((p) => p.status === SNAP_STATUS.pending);
  return idx.pending;
}

// ── Core transactions ────────────────────────────────────────────────────────────────────────────

class CoreIndex extends MultiIndex<CoreTransaction> {
  /** Pre-auth transactions not yet seen to leave authorize, in list order (the hold-expiry sweep). */
  holds: CoreTransaction[] = [];
  constructor(list: CoreTransaction[]) {
    super(list, (t) => [`o:${t.orderId}`, `t:${t.transactionId}`]);
  }
  protected override onNew(t: CoreTransaction): void {
    if (t.preAuth) this.holds.push(t);
  }
}
const coreIndex = registry((list: CoreTransaction[]) => new CoreIndex(list));

export const hasCoreOrderId = (s: State, orderId: string) => coreIndex(s.coreTransactions).positions(`o:${orderId}`).length > 0;

/** The first transaction whose orderId or transactionId is `id` (as `find` over the list answered). */
export function coreByOrderOrTransactionId(s: State, id: string): CoreTransaction | undefined {
  const idx = coreIndex(s.coreTransactions);
  const a = idx.positions(`o:${id}`)[0];
  const b = idx.positions(`t:${id}`)[0];
  const i = a === undefined ? b : b === undefined ? a : Math.min(a, b);
  return i === undefined ? undefined : s.coreTransactions[i];
}

/** Transactions in authorize, in list order (a charge settles, holds or is denied synchronously). */
export function authorizedCoreTransactions(s: State): CoreTransaction[] {
  const idx = coreIndex(s.coreTransactions);
  // Only a charge puts a transaction in authorize, and it does so before anything can look here.
  idx.holds = idx.holds.filter((t) => t.status === "authorize");
  return idx.holds;
}

// ── Customers, pay accounts, auth codes, reminders ───────────────────────────────────────────────

const customerIndex = registry(
  (list: Customer[]) => new MultiIndex(list, (c) => [`i:${c.id}`, `p:${phoneKey(c.phone)}`, `t:${c.authToken}`]),
);
export const customerById = (s: State, id: string) => customerIndex(s.customers).first(`i:${id}`);
export const customerByToken = (s: State, token: string) => customerIndex(s.customers).first(`t:${token}`);
/** The first customer whose phone has these digits after the country prefix (0812… = 62812… = 812…). */
export const customerByPhoneKey = (s: State, key: string) => customerIndex(s.customers).first(`p:${key}`);
/** The first customer whose stored phone is exactly these digits. */
export const customerByPhone = (s: State, digits: string) =>
  customerIndex(s.customers)
    .all(`p:${phoneKey(digits)}`)
    .find((c) => c.phone === digits);

const payAccountIndex = registry((list: PayAccount[]) => new MultiIndex(list, (a) => [a.accountId]));
export const payAccountById = (s: State, id: string) => payAccountIndex(s.payAccounts).first(id);

const authCodeIndex = registry((list: AuthCode[]) => new MultiIndex(list, (a) => [a.code]));
export const authCodeByCode = (s: State, code: string) => authCodeIndex(s.authCodes).first(code);

const reminderIndex = registry((list: Reminder[]) => new MultiIndex(list, (r) => [r.reminderId]));
/** Every reminder ever made with this id, in list order (deleted ones too: filter as the caller needs). */
export const remindersById = (s: State, id: string) => reminderIndex(s.reminders).all(id);
