import { sql, type SQL } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "~/db/rows.server";
import { fromColumns, type Columns } from "~/lib/columns";
import { loader as accountsLoader } from "~/routes/_app.accounts._index";
import { loader as unbindLoader } from "~/routes/_app.accounts.unbind-events";
import { loader as auditLoader } from "~/routes/_app.audit._index";
import { loader as campaignLoader } from "~/routes/_app.campaigns.$campaignId";
import { loader as campaignsLoader } from "~/routes/_app.campaigns._index";
import { loader as remindersLoader } from "~/routes/_app.campaigns.reminders";
import { loader as coinsLoader } from "~/routes/_app.coins._index";
import { loader as customersLoader } from "~/routes/_app.customers._index";
import { loader as reconciliationLoader } from "~/routes/_app.finance.reconciliation";
import { loader as reportRowsLoader } from "~/routes/_app.finance.reports.rows";
import { loader as holdsLoader } from "~/routes/_app.holds._index";
import { loader as ordersLoader } from "~/routes/_app.orders._index";
import { recordWalletBalance } from "~/services/coins/wallet.server";
import { useTestDb } from "../support/db";
import { insertOrders } from "../support/factories";
import { get, makeStaff } from "./auth-helpers";

/**
 * Every keyset list's loader, from its URL: a page cursor that cannot be used (garbage, cut short,
 * another sort, `before` on a list that only pages forward) gives page one AND `staleCursor: true`
 * (the page says so: StaleCursorNotice); the list's own "next" cursor gives the next page and no
 * notice; no cursor, or an empty `after=`, is page one without one.
 */
const t = useTestDb();
const N = 60; // more than one page of every list (50; campaigns 25)
let cookie: string;
let campaignId: string;
let runId: string;

const context = { cspNonce: "", clientIp: "127.0.0.1" };
type Loader = (args: never) => Promise<unknown>;

interface ListCase {
  name: string;
  /** The list's URL without a cursor (its own filters kept). */
  path: () => string;
  params?: () => Record<string, string>;
  loader: Loader;
  /** The rows' ids, to compare pages. */
  keys: (d: never) => string[];
  /** The page's "older / next" cursor. */
  next: (d: never) => string | null | undefined;
  stale: (d: never) => boolean;
  /** The cursor is a plain row id: cut short, it is another id, a page of its own (not detectable). */
  cutShortIsAnotherPage?: boolean;
}

/** One row of the table, typed by its loader's data (then erased to ListCase). */
function list<L extends (args: never) => Promise<unknown>>(c: {
  name: string;
  path: () => string;
  params?: () => Record<string, string>;
  loader: L;
  keys: (d: Awaited<ReturnType<L>>) => string[];
  next: (d: Awaited<ReturnType<L>>) => string | null | undefined;
  stale: (d: Awaited<ReturnType<L>>) => boolean;
  cutShortIsAnotherPage?: boolean;
}): ListCase {
  return c as unknown as ListCase;
}

const ids = (rows: Array<{ id: unknown }>) => rows.map((r) => String(r.id));
const unpacked = <T extends object>(c: Columns<T>) => fromColumns(c);

const LISTS: ListCase[] = [
  list({
    name: "orders",
    path: () => "/orders?status=paid",
    loader: ordersLoader,
    keys: (d) => unpacked(d.view!.page.rows).map((r) => r.orderId),
    next: (d) => d.view!.page.next,
    stale: (d) => d.view!.page.staleCursor,
  }),
  list({
    name: "customers",
    path: () => "/customers",
    loader: customersLoader,
    keys: (d) => ids(d.rows),
    next: (d) => d.next,
    stale: (d) => d.staleCursor,
  }),
  list({
    name: "coin payouts",
    path: () => "/coins",
    loader: coinsLoader,
    keys: (d) => ids(d.page.rows),
    next: (d) => d.page.olderCursor,
    stale: (d) => d.page.staleCursor,
  }),
  list({
    name: "audit",
    path: () => "/audit?action=test.cursor",
    loader: auditLoader,
    keys: (d) => ids(unpacked(d.rows)),
    next: (d) => d.older,
    stale: (d) => d.staleCursor,
  }),
  list({
    name: "reminders",
    path: () => "/campaigns/reminders",
    loader: remindersLoader,
    keys: (d) => ids(d.rows),
    next: (d) => d.older,
    stale: (d) => d.staleCursor,
  }),
  list({
    name: "report rows",
    path: () => "/finance/reports/rows?source=payments&from=2026-03-10&to=2026-03-10",
    loader: reportRowsLoader,
    keys: (d) => (d.page.state === "rows" ? ids(d.page.rows) : []),
    next: (d) => (d.page.state === "rows" ? d.page.next : null),
    stale: (d) => d.page.state === "rows" && d.page.staleCursor,
  }),
  list({
    name: "holds",
    path: () => "/holds",
    loader: holdsLoader,
    keys: (d) => unpacked(d.rows).map((r) => r.orderId),
    next: (d) => d.olderCursor,
    stale: (d) => d.staleCursor,
  }),
  list({
    name: "accounts",
    path: () => "/accounts",
    loader: accountsLoader,
    keys: (d) => ids(d.rows),
    next: (d) => d.olderCursor,
    stale: (d) => d.staleCursor,
  }),
  list({
    name: "unbind events",
    path: () => "/accounts/unbind-events",
    loader: unbindLoader,
    keys: (d) => ids(d.rows),
    next: (d) => d.olderCursor,
    stale: (d) => d.staleCursor,
  }),
  list({
    name: "campaigns",
    path: () => "/campaigns",
    loader: campaignsLoader,
    keys: (d) => ids(d.page.rows),
    next: (d) => d.page.olderCursor,
    stale: (d) => d.page.staleCursor,
  }),
  list({
    name: "campaign recipients",
    path: () => `/campaigns/${campaignId}`,
    params: () => ({ campaignId }),
    loader: campaignLoader,
    keys: (d) => ids(d.log.rows),
    next: (d) => d.log.olderCursor,
    stale: (d) => d.log.staleCursor,
    cutShortIsAnotherPage: true,
  }),
  list({
    name: "reconciliation differences",
    path: () => `/finance/reconciliation?run=${runId}&status=all`,
    loader: reconciliationLoader,
    keys: (d) => ids(d.rows),
    next: (d) => d.nextAfter,
    stale: (d) => d.staleCursor,
  }),
];

async function load(c: ListCase, extra: string) {
  const base = c.path();
  const url = extra ? `${base}${base.includes("?") ? "&" : "?"}${extra}` : base;
  const data = (await c.loader({
    request: get(url, cookie),
    params: c.params?.() ?? {},
    context,
  } as never)) as never;
  return { keys: c.keys(data), next: c.next(data), stale: c.stale(data) };
}

beforeAll(async () => {
  const admin = await makeStaff(t.db, "admin");
  cookie = admin.cookie;
  // A fresh wallet balance: the coins page then asks GoPay nothing.
  await recordWalletBalance(t.db, 1_000_000_00n);
  const minutesAgo = (i: number) => new Date(Date.UTC(2026, 2, 10, 5) - i * 60_000);
  const orders = await insertOrders(
    t.db,
    Array.from({ length: N }, (_, i) => ({
      orderId: `CUR-${String(i).padStart(3, "0")}`,
      createdAt: minutesAgo(i),
      paidAt: minutesAgo(i),
    })),
  );
  // why SQL: N rows of each list at once, with staggered times the writers do not take.
  const orderIds = `{${orders.map((o) => o.id).join(",")}}`;
  await t.db.execute(sql`
    insert into holds (order_id, amount, authorised_at, expires_at)
    select o, 150000000, now() - g * interval '1 minute', now() + interval '7 days'
      from unnest(${orderIds}::uuid[]) with ordinality as u(o, g)`);
  await t.db.execute(sql`
    insert into customers (name, phone, created_at)
    select 'Cursor ' || g, '62812000' || lpad(g::text, 4, '0'), now() - g * interval '1 minute' from generate_series(1, ${N}) g`);
  const customerId = (await firstId(sql`select id from customers order by created_at desc limit 1`))!;
  await t.db.execute(sql`
    insert into coin_payouts (customer_id, amount, description, request_id, status, created_at)
    select ${customerId}::uuid, 100000, 'cursor test', 'cursor-req-' || g, 'paid', now() - g * interval '1 minute' from generate_series(1, ${N}) g`);
  await t.db.execute(sql`
    insert into audit_log (action, result, target_id, at)
    select 'test.cursor', 'ok', g::text, now() - g * interval '1 minute' from generate_series(1, ${N}) g`);
  await t.db.execute(sql`
    insert into reminders (customer_id, template_name, params, request_id, status, created_at)
    select ${customerId}::uuid, 'payment_due', '{}'::jsonb, 'cursor-rem-' || g, 'active', now() - g * interval '1 minute' from generate_series(1, ${N}) g`);
  await t.db.execute(sql`
    insert into pay_accounts (account_id, phone, status, created_at)
    select 'cursor-acc-' || g, '62813000' || lpad(g::text, 4, '0'), 'DISABLED', now() - g * interval '1 minute' from generate_series(1, ${N}) g`);
  await t.db.execute(sql`
    insert into pay_account_events (pay_account_id, at, kind, source, status_before, status_after)
    select id, created_at, 'unbind', 'staff', 'ACTIVE', 'DISABLED' from pay_accounts where account_id like 'cursor-acc-%'`);
  await t.db.execute(sql`insert into campaign_templates (name, kind) values ('cursor_push', 'push')`);
  await t.db.execute(sql`
    insert into campaigns (name, kind, template_id, param_sources, audience, created_at)
    select 'Cursor campaign ' || g, 'push', (select id from campaign_templates where name = 'cursor_push'), '{}'::jsonb, '{}'::jsonb, now() - g * interval '1 minute'
      from generate_series(1, 30) g`);
  campaignId = (await firstId(sql`select id from campaigns order by created_at desc limit 1`))!;
  await t.db.execute(sql`
    insert into campaign_recipients (campaign_id, customer_id, params, request_id)
    select ${campaignId}::uuid, id, '{}'::jsonb, 'cursor-rcp-' || id from customers`);
  runId = (await firstId(
    sql`insert into recon_runs (range_from, range_to, status) values ('2026-03-10', '2026-03-10', 'completed') returning id`,
  ))!;
  await t.db.execute(sql`
    insert into recon_differences (run_id, order_id, kind, fingerprint, details)
    select ${runId}::uuid, o, 'status_behind', 'cursor-' || o, '{}'::jsonb from unnest(${orderIds}::uuid[]) o`);
});

async function firstId(q: SQL): Promise<string | undefined> {
  return (await rows<{ id: string }>(t.db, q))[0]?.id;
}

describe.each(LISTS.map((c) => [c.name, c] as const))("%s: a page cursor that cannot be used", (_name, c) => {
  it("no cursor, or an empty `after=`: page one, no notice (and page one links a next page)", async () => {
    const one = await load(c, "");
    expect(one.stale).toBe(false);
    expect(one.keys.length).toBeGreaterThan(0);
    expect(one.next, "page one has a next page").toBeTruthy();
    const empty = await load(c, "after=");
    expect(empty).toEqual(one);
    expect((await load(c, "before=")).stale).toBe(false);
  });

  it("garbage `after=` / `before=`, or page one's own next link cut short: page one, with the notice", async () => {
    const one = await load(c, "");
    const cutShort = c.cutShortIsAnotherPage ? [] : [`after=${one.next!.slice(0, -3)}`];
    for (const extra of ["after=garbage", "before=garbage", "after=garbage&before=garbage", ...cutShort]) {
      const got = await load(c, extra);
      expect(got.stale, extra).toBe(true);
      expect(got.keys, extra).toEqual(one.keys);
    }
  });

  it("page one's real next link: the next page, no notice", async () => {
    const one = await load(c, "");
    const two = await load(c, `after=${encodeURIComponent(one.next!)}`);
    expect(two.stale).toBe(false);
    expect(two.keys.length).toBeGreaterThan(0);
    expect(
      two.keys.filter((k) => one.keys.includes(k)),
      "no row of page one again",
    ).toEqual([]);
  });
});

describe("cursors the lists must not page from, whatever their shape (page one and the notice, never a 500)", () => {
  const b64 = (s: string) => Buffer.from(s).toString("base64url");
  it("orders: a cursor made for another sort", async () => {
    const orders = LISTS.find((c) => c.name === "orders")!;
    const byDate = await load(orders, "");
    const byAmount = { ...orders, path: () => "/orders?status=paid&sort=amount&dir=desc" };
    const amountOne = await load(byAmount, "");
    const got = await load(byAmount, `after=${byDate.next}`);
    expect(got.stale).toBe(true);
    expect(got.keys).toEqual(amountOne.keys);
  });

  it("campaigns and their recipients: a time Postgres refuses, an id past bigint (a 500 before)", async () => {
    const campaigns = LISTS.find((c) => c.name === "campaigns")!;
    for (const raw of [
      `2026-02-30T10:00:00.000000|${campaignId}`,
      `2026-03-10T10:00:00.000000|${"-".repeat(36)}`,
    ]) {
      expect((await load(campaigns, `after=${b64(raw)}`)).stale, raw).toBe(true);
    }
    const recipients = LISTS.find((c) => c.name === "campaign recipients")!;
    for (const raw of ["9999999999999999999", "-1", "12abc"]) {
      expect((await load(recipients, `after=${raw}`)).stale, raw).toBe(true);
      expect((await load(recipients, `before=${raw}`)).stale, raw).toBe(true);
    }
  });

  it("reconciliation: a last page of exactly 50 differences offers no \"More\" (it led to an empty page)", async () => {
    const recon = LISTS.find((c) => c.name === "reconciliation differences")!;
    const fifty = (await firstId(
      sql`insert into recon_runs (range_from, range_to, status) values ('2026-03-11', '2026-03-11', 'completed') returning id`,
    ))!;
    await t.db.execute(sql`
      insert into recon_differences (run_id, order_id, kind, fingerprint, details)
      select ${fifty}::uuid, id, 'status_behind', 'fifty-' || id, '{}'::jsonb from orders order by id limit 50`);
    const only = await load({ ...recon, path: () => `/finance/reconciliation?run=${fifty}&status=all` }, "");
    expect(only.keys).toHaveLength(50);
    expect(only.next).toBeNull();
    // 60: a full page with "More", then the last 10 without it.
    const one = await load(recon, "");
    const two = await load(recon, `after=${one.next}`);
    expect([one.keys.length, two.keys.length]).toEqual([50, 10]);
    expect(two.next).toBeNull();
  });

  it("an empty list still says its cursor was not used", async () => {
    const orders = LISTS.find((c) => c.name === "orders")!;
    const none = { ...orders, path: () => "/orders?q=NO-SUCH-ORDER-ANYWHERE" };
    const got = await load(none, "after=garbage");
    expect(got.keys).toEqual([]);
    expect(got.stale).toBe(true);
    const customers = LISTS.find((c) => c.name === "customers")!;
    const nobody = await load(
      { ...customers, path: () => "/customers?q=nobody%40nowhere.test" },
      "after=garbage",
    );
    expect(nobody.keys).toEqual([]);
    expect(nobody.stale).toBe(true);
  });
});
