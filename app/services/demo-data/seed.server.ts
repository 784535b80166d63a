import { and, eq, inArray, isNull, like } from "drizzle-orm";
import { apiKeys, holds, orders, staff, type Role } from "~db/schema";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { unbindAccount } from "~/services/accounts/manage.server";
import { syncPayAccountFromGopay } from "~/services/accounts/sync.server";
import { createApiKey, findActiveApiKey, revokeApiKey, type ApiCaller } from "~/services/api-keys/api-keys.server";
import { backfillCustomerLinks } from "~/services/customers/match.server";
import { startCustomerSession } from "~/services/customers/session.server";
import { captureHold, releaseHold } from "~/services/holds/actions.server";
import { createCharge } from "~/services/merchant-api/charges.server";
import { createPayAccount } from "~/services/merchant-api/pay-accounts.server";
import { createPayment } from "~/services/merchant-api/payments.server";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { mintCancelKey, mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund, type RequestRefundResult } from "~/services/refunds/request-refund.server";
import { demoEmail } from "~/services/staff/demo-staff.server";
import { backdateSeeded, type OrderStory } from "./backdate.server";
import { convergeWithGopay, eachLimited } from "./converge.server";
import { seedHistory } from "./history.server";
import { ACCOUNTS, CHARGE_PARTIAL_REFUND, CHARGES, HOLDS, PAYMENT_VALID_MINUTES, paymentPlan, storyTime } from "./plan";
import { sandboxControl } from "./sandbox.server";

/**
 * Demo data, driven through the real services against the running sandbox (no raw inserts of
 * business rows), so every order, hold, account and customer exists in Loket AND at the sandbox:
 *
 *  1. the merchant API creates payments, pay accounts, charges and holds; the sandbox's customer
 *     controls play the customers (pay with each payment option, decline, let expire, link);
 *  2. convergence: every seeded order and account is resynced from GoPay's status (no app needs
 *     to be listening for notifications — `npm run db:seed` against DATABASE_URL works alone);
 *  3. back-dating of the GoPay-side history to a month of story time (backdate.server.ts — the
 *     only hand-written times);
 *  4. staff act through Loket's services: refunds (full, partial, one above the support limit →
 *     approval request), cancels, hold capture/release, a staff unbind; the customer unbinds one
 *     account and GoPay lets one hold lapse;
 *  5. convergence again for what step 4 changed at GoPay.
 *
 * Runs once per database: the API key "demo-seed" is the marker. Safe while the app also applies
 * the sandbox's notifications (every step is forward-only and idempotent).
 */
const MARKER = "demo-seed";
/** The key's name while a run is under way; renamed to MARKER only when the run completed. */
const INCOMPLETE = `${MARKER} (incomplete `;
const SEED_ACTOR_LABEL = "job:demo-seed";

async function staffByRole(database: Db, role: Role) {
  const [demo] = await database.select().from(staff).where(eq(staff.email, demoEmail(role))).limit(1);
  if (demo) return demo;
  const [any] = await database.select().from(staff).where(eq(staff.role, role)).limit(1);
  return any;
}

/**
 * A hook run after everything else (e.g. the customers backfill, a later section's data). Each
 * must be idempotent; lines it returns are printed.
 */
export type DemoStep = { name: string; run: (database: Db, ctx: { now: Date }) => Promise<string[] | void> };
const extraSteps: DemoStep[] = [];
/** Later sections (templates, a past campaign, coin payouts) register their demo data here. */
export function registerDemoStep(step: DemoStep): void {
  if (!extraSteps.some((s) => s.name === step.name)) extraSteps.push(step);
}

export interface SeedOptions {
  /** The clock the history is generated against (tests pin it). */
  now?: Date;
  /** Test hook: throw after this phase, as an interrupted run would stop. */
  failAfter?: string;
}

/**
 * The whole demo: the representative sample through the real paths (once; marked done only when
 * it completed — an interrupted run is finished by the next), then the bulk history (tops up the
 * days missing, every time), then the registered steps.
 */
export async function seedDemoData(database: Db, opts: SeedOptions = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  const admin = await staffByRole(database, "admin");
  if (!admin) return ["Demo data not seeded: create the demo staff first."];
  const finance = (await staffByRole(database, "finance")) ?? admin;
  const support = (await staffByRole(database, "support")) ?? admin;
  const [done] = await database
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.name, MARKER), isNull(apiKeys.revokedAt)))
    .limit(1);
  const lines = done ? ["Demo data: already seeded."] : await seedSample(database, { admin, finance, support: support.role === "support" ? support : undefined }, now, opts);
  const started = Date.now();
  const h = await seedHistory(database, { finance, support }, now);
  lines.push(
    h.orders || h.customers || h.accounts
      ? `  history (${((Date.now() - started) / 1000).toFixed(1)} s): +${h.orders} orders, +${h.refunds} refunds, +${h.customers} customers, +${h.accounts} pay accounts`
      : "  history: up to date",
  );
  for (const step of extraSteps) lines.push(...((await step.run(database, { now })) ?? []));
  // Last: the customers' own re-runnable backfill (search names of the customers written above,
  // anything left unlinked), so the demo reads as the app itself would have linked it.
  const b = await backfillCustomerLinks(database);
  if (b.searchNames || b.orders.linked || b.accounts.linked) lines.push(`  customers backfill: ${b.searchNames} search names, ${b.orders.linked} orders and ${b.accounts.linked} accounts linked`);
  return lines;
}

type Staff = NonNullable<Awaited<ReturnType<typeof staffByRole>>>;

async function seedSample(database: Db, who: { admin: Staff; finance: Staff; support: Staff | undefined }, now: Date, opts: SeedOptions): Promise<string[]> {
  const { admin, finance, support } = who;
  const sb = sandboxControl(env().GOPAY_SNAP_BASE_URL);
  await sb.waitUntilUp();
  const warnings: string[] = [];
  // An earlier run stopped part-way: its orders exist in Loket and at GoPay but may be behind
  // GoPay's state. Bring them up to date, retire its key, and run the sample again in full.
  const stale = await database
    .select({ id: apiKeys.id, name: apiKeys.name })
    .from(apiKeys)
    .where(and(like(apiKeys.name, `${INCOMPLETE}%`), isNull(apiKeys.revokedAt)));
  for (const k of stale) {
    const prefix = k.name.slice(INCOMPLETE.length).replace(/\)$/, "");
    const leftover = (await database.select({ orderId: orders.orderId }).from(orders).where(like(orders.orderId, `${prefix}-%`))).map((o) => o.orderId);
    const r = await convergeWithGopay(database, { orderIds: leftover, accountIds: [] }, { id: null, email: SEED_ACTOR_LABEL });
    warnings.push(...r.errors);
    await revokeApiKey(database, { id: k.id, actor: { id: admin.id, email: admin.email } });
  }
  const stamp = Date.now().toString(36).toUpperCase();
  const id = (suffix: string) => `DEMO-${stamp}-${suffix}`;
  const { key } = await createApiKey(database, { name: `${INCOMPLETE}DEMO-${stamp})`, actor: { id: admin.id, email: admin.email } });
  const found = (await findActiveApiKey(key, database)) as ApiCaller;
  // The orders say who made them: "api:demo-seed", whatever the key is called while under way.
  const caller: ApiCaller = { ...found, name: MARKER, label: `api:${MARKER}` };
  const counts: Record<string, number> = {};
  const bump = (k: string, by = 1) => (counts[k] = (counts[k] ?? 0) + by);
  const stories: OrderStory[] = [];
  const orderIds: string[] = [];
  const phases: string[] = [];
  let mark = Date.now();
  const phase = (name: string) => {
    phases.push(`${name} ${((Date.now() - mark) / 1000).toFixed(1)} s`);
    mark = Date.now();
    if (opts.failAfter === name) throw new Error(`demo seed: stopped after "${name}" (test hook)`);
  };

  // ── 1. At the sandbox, through the merchant API ─────────────────────────────────────────────
  // Customers: mini-app sessions for the sandbox's seeded users.
  // Customer i (demo-user-i) is the sandbox's customer i everywhere: the mini-app session, the
  // payments (which take the customer's phone/email), and the pay account (the same phone).
  const sbCustomers = (await sb.get<Array<{ id: string; phone: string }>>("/customers")).slice(0, 6);
  for (const [i, c] of sbCustomers.entries()) {
    const { auth_code } = await sb.post<{ auth_code: string }>("/miniapp/auth-codes", { customerId: c.id });
    await startCustomerSession({ authCode: auth_code, merchantUserId: `demo-user-${i + 1}` }, { database });
    bump("customers");
  }

  phase("customers");

  const plan = paymentPlan();
  await eachLimited(plan, async (p) => {
    const orderId = id(String(p.n).padStart(3, "0"));
    const res = await createPayment(
      { order_id: orderId, amount: p.amount, customer: { merchant_user_id: `demo-user-${(p.n % 6) + 1}` }, valid_minutes: PAYMENT_VALID_MINUTES },
      caller,
      newIdempotencyKey(),
    );
    if (res.status !== 201) {
      warnings.push(`payment ${orderId}: HTTP ${res.status}`);
      return;
    }
    orderIds.push(orderId);
    if (p.move === "pay") await sb.post(`/snap/payments/${orderId}/pay`, { payOption: p.payOption });
    if (p.move === "decline") await sb.post(`/snap/payments/${orderId}/decline`);
    if (p.move === "expire") await sb.post(`/snap/payments/${orderId}/expire`);
    stories.push({ orderId, at: storyTime(now, p), keepExpiry: p.move === "none" });
  });

  phase("payments");

  // Pay accounts: created through the API, then the customer's move in the GoPay app.
  const accounts: Array<{ accountId: string; fate: (typeof ACCOUNTS)[number]["fate"] }> = [];
  for (const [i, a] of ACCOUNTS.entries()) {
    const phone = sbCustomers[i]?.phone;
    if (!phone) continue;
    const res = await createPayAccount({ merchant_user_id: `demo-user-${i + 1}`, phone }, caller, newIdempotencyKey());
    if (res.status !== 201) {
      warnings.push(`pay account ${phone}: HTTP ${res.status}`);
      continue;
    }
    const accountId = (res.body as { account_id: string }).account_id;
    accounts.push({ accountId, fate: a.fate });
    if (a.fate === "declined") await sb.post(`/pay-accounts/${accountId}/decline`);
    else if (a.fate !== "pending") {
      await sb.post(`/pay-accounts/${accountId}/complete`);
      // Loket must know ENABLED before charging; GoPay's GET says so (no notification needed).
      await syncPayAccountFromGopay(accountId, { actorLabel: SEED_ACTOR_LABEL, database });
    }
  }
  phase("pay accounts");
  const chargeable = accounts.filter((a) => a.fate === "enabled").map((a) => a.accountId);
  if (chargeable.length) {
    await eachLimited([...CHARGES.entries()], async ([i, rupiah]) => {
      const orderId = id(`TK${i + 1}`);
      const res = await createCharge({ order_id: orderId, account_id: chargeable[i % chargeable.length]!, amount: BigInt(rupiah) * 100n }, caller, newIdempotencyKey());
      if (res.status !== 201) warnings.push(`charge ${orderId}: HTTP ${res.status}`);
      orderIds.push(orderId);
      stories.push({ orderId, at: storyTime(now, { daysAgo: 3 + i * 5, wibMinute: 10 * 60 + i * 95 }) });
    });
    await eachLimited([...HOLDS.entries()], async ([i, h]) => {
      const orderId = id(`HD${i + 1}`);
      const res = await createCharge(
        { order_id: orderId, account_id: chargeable[i % chargeable.length]!, amount: BigInt(h.rupiah) * 100n, pre_auth: true, expiry_minutes: h.minutes },
        caller,
        newIdempotencyKey(),
      );
      if (res.status !== 201) warnings.push(`hold ${orderId}: HTTP ${res.status}`);
      orderIds.push(orderId);
      // Holds are recent (a hold lives hours to days). The one that lapses: 3 days ago, for an hour.
      const at = h.fate === "expire" ? storyTime(now, { daysAgo: 3, wibMinute: 14 * 60 + 20 }) : new Date(now.getTime() - (20 + i * 37) * 60_000);
      stories.push({ orderId, at, keepExpiry: h.fate !== "expire", expiresAt: h.fate === "expire" ? new Date(at.getTime() + h.minutes * 60_000) : undefined });
    });
  } else warnings.push("no enabled pay account: no charges or holds");

  phase("charges+holds");

  // ── 2. Converge: Loket learns every state from GoPay, notifications or not ──────────────────
  const seedActor = { id: null, email: SEED_ACTOR_LABEL };
  // When the app listens, GoPay's notifications of the customers' moves arrive now: let them land
  // before the back-dating, which moves them with their orders (a notification dated days after
  // the payment it reports would read wrong on every timeline).
  await waitForNotifications(sb);
  const first = await convergeWithGopay(database, { orderIds, accountIds: accounts.map((a) => a.accountId) }, seedActor);
  warnings.push(...first.errors);
  phase("converge");

  // ── 3. Story times (see backdate.server.ts) ─────────────────────────────────────────────────
  await backdateSeeded(
    database,
    stories,
    accounts.map((a, i) => ({ accountId: a.accountId, at: storyTime(now, { daysAgo: 30 - i, wibMinute: 9 * 60 + i * 41 }) })),
  );

  phase("back-date");

  // ── 4. Staff act in Loket; customers and GoPay act at the sandbox ───────────────────────────
  const byOrderId = new Map(
    (await database.select({ id: orders.id, orderId: orders.orderId, amount: orders.amount }).from(orders).where(inArray(orders.orderId, orderIds.length ? orderIds : [""]))).map((o) => [o.orderId, o]),
  );
  const roleOf = { finance, support: support ?? admin } as const;
  const refund = async (orderId: string, amount: bigint | "full", by: "finance" | "support", reasonCode: string): Promise<RequestRefundResult | undefined> => {
    const o = byOrderId.get(orderId);
    if (!o) return undefined;
    const who = roleOf[by];
    return requestRefund({ orderId: o.id, partnerRefundNo: mintRefundKey(), amount: amount === "full" ? o.amount : amount, reasonCode, actor: { id: who.id, email: who.email, role: who.role } }, { database });
  };
  const tally = (what: string, r: RequestRefundResult | undefined, expected: RequestRefundResult["kind"], ok?: (r: RequestRefundResult) => boolean) => {
    if (r && r.kind === expected && (!ok || ok(r))) bump(what);
    else warnings.push(`${what}: ${r ? (r.kind === "rejected" ? r.message : r.kind === "sent" ? r.outcome.status : r.kind) : "order missing"}`);
  };
  const sentOk = (r: RequestRefundResult) => r.kind === "sent" && r.outcome.status === "succeeded";

  for (const p of plan) {
    const orderId = id(String(p.n).padStart(3, "0"));
    const s = p.staff;
    if (!s) continue;
    if (s.kind === "refund_full") tally("refunds (full)", await refund(orderId, "full", "finance", "product_unavailable"), "sent", sentOk);
    if (s.kind === "refund_partial") tally("refunds (partial)", await refund(orderId, s.amount, "finance", "customer_request"), "sent", sentOk);
    if (s.kind === "refund_unknown") {
      // The sandbox drops the connection before GoPay acts: Loket cannot know, so the refund stays
      // "unknown" (money reserved); the resolver job asks GoPay later, and a day on it needs attention.
      await sb.post("/faults", { op: "snap.refund", mode: "drop-before", count: 1 });
      tally("refunds (outcome unknown)", await refund(orderId, "full", "finance", "customer_request"), "sent", (r) => r.kind === "sent" && r.outcome.status === "unknown");
    }
    if (s.kind === "refund_needs_approval") {
      if (!support) warnings.push("no support staff: no approval request seeded");
      else tally("refund approval requests (support, above limit)", await refund(orderId, "full", "support", "customer_request"), "awaiting_approval");
    }
    if (s.kind === "cancel") {
      const o = byOrderId.get(orderId);
      const who = roleOf.support;
      const r = o ? await cancelOrder({ orderId: o.id, key: mintCancelKey(), actor: { id: who.id, email: who.email } }, { database }) : undefined;
      if (r?.status === "succeeded") bump("orders cancelled");
      else warnings.push(`cancel ${orderId}: ${!r ? "order missing" : r.status === "refused" ? r.message : (r.description ?? r.title)}`);
    }
  }
  if (chargeable.length) tally("refunds (partial, Core)", await refund(id("TK1"), CHARGE_PARTIAL_REFUND, "finance", "customer_request"), "sent", sentOk);

  const touched: string[] = [];
  for (const [i, h] of HOLDS.entries()) {
    if (!chargeable.length || h.fate === "active") continue;
    const orderId = id(`HD${i + 1}`);
    touched.push(orderId);
    const o = byOrderId.get(orderId);
    const [hold] = o ? await database.select().from(holds).where(eq(holds.orderId, o.id)).limit(1) : [];
    if (!hold) {
      warnings.push(`hold ${orderId}: not in Loket`);
      continue;
    }
    const actor = { id: finance.id, label: finance.email };
    if (h.fate === "capture") {
      const r = await captureHold({ holdId: hold.id, idempotencyKey: newIdempotencyKey(), actor }, { database });
      if (r.status === "succeeded") bump("holds captured");
      else warnings.push(`capture ${orderId}: ${r.message}`);
    }
    if (h.fate === "release") {
      const r = await releaseHold({ holdId: hold.id, idempotencyKey: newIdempotencyKey(), actor, reason: "Customer returned the rental early" }, { database });
      if (r.status === "succeeded") bump("holds released");
      else warnings.push(`release ${orderId}: ${r.message}`);
    }
    // GoPay lets it lapse (the story's expires_at is already in the past in Loket).
    if (h.fate === "expire") await sb.post(`/core/transactions/${orderId}/expire`);
  }

  const touchedAccounts: string[] = [];
  for (const a of accounts) {
    if (a.fate === "customer_unbinds") {
      await sb.post(`/pay-accounts/${a.accountId}/unbind`);
      touchedAccounts.push(a.accountId);
    }
    if (a.fate === "staff_unbinds") {
      const r = await unbindAccount(
        { accountId: a.accountId, reason: "Customer asked support to remove the link", idempotencyKey: newIdempotencyKey(), actor: { id: admin.id, label: admin.email } },
        { database },
      );
      if (r.status === "succeeded") bump("pay accounts unbound by staff");
      else warnings.push(`unbind ${a.accountId}: ${r.status === "refused" ? r.message : (r.description ?? r.title)}`);
    }
  }

  phase("staff actions");

  // ── 5. Converge what step 4 changed at GoPay (hold orders, the customer's unbind) ───────────
  const second = await convergeWithGopay(database, { orderIds: touched, accountIds: touchedAccounts }, seedActor);
  warnings.push(...second.errors);
  phase("converge again");

  // Done: the marker says so only now (an interrupted run leaves the "incomplete" key behind).
  await database.update(apiKeys).set({ name: MARKER }).where(eq(apiKeys.id, caller.keyId));
  const summary = await stateSummary(database, orderIds);
  return [
    `Demo data seeded through the merchant API and Loket's services (key "${MARKER}"), resynced from GoPay:`,
    ...Object.entries(counts).map(([k, v]) => `  ${String(v).padStart(3)} ${k}`),
    `  orders by status: ${summary.orders}`,
    `  holds by status: ${summary.holds}`,
    `  phases: ${phases.join(", ")}`,
    ...warnings.map((w) => `  ! ${w}`),
  ];
}

async function stateSummary(database: Db, orderIds: string[]): Promise<{ orders: string; holds: string }> {
  if (!orderIds.length) return { orders: "none", holds: "none" };
  const rows = await database.select({ status: orders.status, hold: holds.status }).from(orders).leftJoin(holds, eq(holds.orderId, orders.id)).where(inArray(orders.orderId, orderIds));
  const count = (xs: Array<string | null>) => {
    const m = new Map<string, number>();
    for (const x of xs) if (x) m.set(x, (m.get(x) ?? 0) + 1);
    return [...m].map(([k, v]) => `${v} ${k}`).join(", ") || "none";
  };
  return { orders: count(rows.map((r) => r.status)), holds: count(rows.map((r) => r.hold)) };
}

/**
 * Waits (≤ 5 s) until the sandbox has tried every notification it queued at least once: with an
 * app listening they are then stored in Loket; without one (the sandbox has no URL, or nobody
 * answers) there is nothing to wait for.
 */
async function waitForNotifications(sb: ReturnType<typeof sandboxControl>): Promise<void> {
  const until = Date.now() + 5_000;
  while (Date.now() < until) {
    const outbox = await sb.get<Array<{ state: string; attempts: unknown[] }>>("/notifications").catch(() => []);
    if (outbox.every((n) => n.state !== "held" && !(n.state === "pending" && n.attempts.length === 0))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
