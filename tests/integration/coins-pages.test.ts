import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, coinPayouts } from "~db/schema";
import { action as coinsAction, loader as coinsLoader } from "~/routes/_app.coins._index";
import { loader as exportLoader } from "~/routes/_app.coins.export[.csv]";
import { action as settingsAction } from "~/routes/_app.settings.coins";
import { coinsCsvStream } from "~/services/coins/export.server";
import { customerCoins } from "~/services/coins/customer.server";
import { listCoinPayouts, parseCoinSearch } from "~/services/coins/list.server";
import { coinsOverview } from "~/services/coins/overview.server";
import { DEMO_COIN_LIMITS, seedCoinsDemo } from "~/services/coins/settings-demo.server";
import { getCoinSettings } from "~/services/coins/settings.server";
import { getWallet } from "~/services/coins/wallet.server";
import { customerTimeline } from "~/services/customers/timeline.server";
import { demoEmail } from "~/services/staff/demo-staff.server";
import { useTestDb } from "../support/db";
import { get, makeStaff, post } from "./auth-helpers";
import {
  coinsControl,
  insertPayout,
  sandboxCashbacks,
  sandboxCustomer,
  useCoinsSandbox,
} from "./coins-support";
import { startHttpApp } from "./http-server";

const t = useTestDb();
const s = useCoinsSandbox({ installEnv: true });
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const args = (request: Request) => ({ request, params: {}, context }) as never;

async function status(p: Promise<unknown>): Promise<number> {
  try {
    const r = await p;
    return r instanceof Response ? r.status : ((r as { init?: { status?: number } })?.init?.status ?? 200);
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe("coins pages and services", () => {
  it("demo step: limits once, the sandbox wallet, a few payouts through the real path; a second run adds nothing", async () => {
    const admin = await makeStaff(t.db, "admin", { email: demoEmail("admin") });
    await makeStaff(t.db, "finance", { email: demoEmail("finance") });
    for (let i = 1; i <= 5; i++)
      await sandboxCustomer(t.db, s.sb, `cust-0${i}`, { merchantUserId: `demo-user-${i}` });
    const lines = await seedCoinsDemo(t.db, { client: s.client, sandboxUrl: s.sb.url });
    expect(lines.join("\n")).toMatch(/demo payouts/);
    const settings = await getCoinSettings(t.db);
    expect(settings).toMatchObject({ ...DEMO_COIN_LIMITS, updatedBy: admin.id });
    const rows = await t.db.select().from(coinPayouts);
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.status === "paid").length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.status === "awaiting_approval")).toHaveLength(1);
    expect(rows.some((r) => r.status === "failed")).toBe(false);
    const w = await getWallet(t.db);
    const paidRupiah = (await sandboxCashbacks(s.sb)).reduce((a, c) => a + c.rupiah, 0);
    expect(w.balance).toBe(BigInt(25_000_000 - paidRupiah) * 100n);
    await seedCoinsDemo(t.db, { client: s.client, sandboxUrl: s.sb.url });
    expect(await t.db.select().from(coinPayouts)).toHaveLength(5);
    await coinsControl(s.sb, "/faults", undefined, "DELETE");
  });

  it("list: filters (status, kind, customer, requester, WIB days) and keyset pages that neither skip nor repeat", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-09");
    const f = await makeStaff(t.db, "finance");
    const base = Date.parse("2026-03-10T05:00:00Z");
    const made = [];
    for (let i = 0; i < 7; i++)
      made.push(
        await insertPayout(t.db, {
          customerId: c.id,
          requestedBy: f.id,
          status: i % 2 ? "paid" : "failed",
          createdAt: new Date(base + i * 3600_000),
        }),
      );
    const filters = parseCoinSearch(new URLSearchParams({ customer: c.id, requester: f.id })).filters;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r = await listCoinPayouts(t.db, filters, { after, limit: 3 });
      seen.push(...r.rows.map((x) => x.id));
      if (!r.olderCursor) break;
      after = r.olderCursor;
    }
    expect(seen).toEqual(made.map((m) => m.id).reverse());
    // Back one page from the last: the page before it.
    const last = await listCoinPayouts(t.db, filters, {
      after: (await listCoinPayouts(t.db, filters, { limit: 3 })).olderCursor,
      limit: 3,
    });
    const back = await listCoinPayouts(t.db, filters, { before: last.newerCursor, limit: 3 });
    expect(back.rows.map((x) => x.id)).toEqual(seen.slice(0, 3));
    expect((await listCoinPayouts(t.db, { ...filters, status: "paid" })).rows).toHaveLength(3);
    expect((await listCoinPayouts(t.db, { ...filters, kind: "batch" })).rows).toHaveLength(0);
    // WIB days: 10-03-2026 12:00 … 18:00 WIB are all on the 10th.
    expect(
      (
        await listCoinPayouts(
          t.db,
          parseCoinSearch(new URLSearchParams({ customer: c.id, from: "10-03-2026", to: "10-03-2026" }))
            .filters,
        )
      ).rows,
    ).toHaveLength(7);
    expect(
      (
        await listCoinPayouts(
          t.db,
          parseCoinSearch(new URLSearchParams({ customer: c.id, from: "11-03-2026" })).filters,
        )
      ).rows,
    ).toHaveLength(0);
    expect(
      (
        await listCoinPayouts(
          t.db,
          parseCoinSearch(new URLSearchParams({ customer: c.name!.slice(0, 4) })).filters,
        )
      ).rows.length,
    ).toBeGreaterThanOrEqual(7);
    expect(
      parseCoinSearch(new URLSearchParams({ from: "31-02-2026", status: "nope", batch: "x" })).errors,
    ).toMatchObject({ from: expect.any(String), status: expect.any(String), batch: expect.any(String) });
    expect((await listCoinPayouts(t.db, filters, { after: "garbage" })).rows).toHaveLength(7);
  });

  it("CSV export: csv-stringify stream, BOM, one line per payout, formulas escaped; the route is audited", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-10");
    await insertPayout(t.db, { customerId: c.id, description: "=HYPERLINK(1)", amount: 12_345_00n });
    await insertPayout(t.db, { customerId: c.id, description: "Terima kasih, ya", amount: 1_000_00n });
    const bytes = new Uint8Array(
      await new Response(coinsCsvStream(t.db, { customer: c.id }, { batchSize: 1 })).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(bytes), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.amount_rp).sort()).toEqual(["1000", "12345"]);
    expect(rows.find((r) => r.amount_rp === "12345")!.description).toBe("'=HYPERLINK(1)");
    const fin = await makeStaff(t.db, "finance");
    const res = (await exportLoader(args(get(`/coins/export.csv?customer=${c.id}`, fin.cookie)))) as Response;
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect((await res.text()).split("\n").filter(Boolean)).toHaveLength(3);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "coins.export"))).toHaveLength(1);
    const viewer = await makeStaff(t.db, "viewer");
    expect(await status(exportLoader(args(get("/coins/export.csv", viewer.cookie))))).toBe(403);
  });

  it("the page offers Export CSV only while its filters are valid (the export refuses the others with a 400)", async () => {
    const fin = await makeStaff(t.db, "finance");
    const app = await startHttpApp();
    try {
      const page = (q: string) =>
        fetch(`${app.url}/coins${q}`, { headers: { Cookie: fin.cookie, "Accept-Language": "en-US" } }).then((r) => r.text());
      expect(await page("?status=paid&after=x")).toContain(`href="/coins/export.csv?status=paid"`);
      const bad = await page("?from=abc");
      expect(bad).toContain('aria-invalid="true"'); // the date's error at the field
      expect(bad).not.toContain("/coins/export.csv");
      expect(bad).not.toContain('data-testid="coins-export"');
    } finally {
      await app.close();
    }
  });

  it("overview and the customer's coins: paid this month vs budget; their payouts on their page and timeline", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-11");
    const now = new Date();
    await insertPayout(t.db, { customerId: c.id, status: "paid", amount: 7_000_00n, paidAt: now });
    await insertPayout(t.db, { customerId: c.id, status: "unknown", amount: 3_000_00n });
    const o = await coinsOverview(t.db);
    expect(o.budget).toBe(DEMO_COIN_LIMITS.monthlyBudget);
    expect(o.remaining).toBe(o.budget - o.reserved);
    expect(o.reserved - o.disbursed).toBeGreaterThanOrEqual(3_000_00n);
    expect(o.unknownCount).toBeGreaterThanOrEqual(1);
    const mine = await customerCoins(t.db, c.id);
    expect(mine).toMatchObject({ paidTotal: 7_000_00n, paidThisMonth: 7_000_00n, count: 2 });
    const tl = await customerTimeline(t.db, {
      customerId: c.id,
      profileFetchedAt: null,
      orders: [],
      accounts: [],
    });
    expect(
      tl
        .filter((e) => e.source === "coins")
        .map((e) => e.kind)
        .sort(),
    ).toEqual(["coins.paid", "coins.requested", "coins.requested", "coins.unknown"]);
  });

  it("settings: admin only, re-authenticated, every money field by the rupiah parser, audited", async () => {
    const admin = await makeStaff(t.db, "admin");
    const form = {
      intent: "save-coin-limits",
      monthlyBudget: "Rp 60.000.000",
      perRecipientCap: "600.000",
      perPayoutCeiling: "300000",
      approvalThreshold: "120.000",
    };
    const ok = await settingsAction(args(post("/settings/coins", form, admin.cookie)));
    expect((ok as Response).status).toBe(302);
    expect(await getCoinSettings(t.db)).toMatchObject({
      monthlyBudget: 60_000_000_00n,
      perRecipientCap: 600_000_00n,
      perPayoutCeiling: 300_000_00n,
      approvalThreshold: 120_000_00n,
      updatedBy: admin.id,
    });
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, "coins.settings.update"));
    expect(audits.at(-1)).toMatchObject({ actorId: admin.id, result: "ok" });
    const bad = (await settingsAction(
      args(
        post(
          "/settings/coins",
          { ...form, perPayoutCeiling: "1.500,50", approvalThreshold: "0" },
          admin.cookie,
        ),
      ),
    )) as { data: { errors: Record<string, string> }; init: { status: number } };
    expect(bad.init.status).toBe(400);
    expect(Object.keys(bad.data.errors).sort()).toEqual(["approvalThreshold", "perPayoutCeiling"]);
    const stale = await makeStaff(t.db, "admin", { reauthenticated: false });
    const r = (await settingsAction(args(post("/settings/coins", form, stale.cookie)))) as {
      data: { errors: Record<string, string> };
    };
    expect(r.data.errors).toMatchObject({ reauth: "1" });
    const fin = await makeStaff(t.db, "finance");
    expect(await status(settingsAction(args(post("/settings/coins", form, fin.cookie))))).toBe(403);
  });

  it("/coins: the loader shows wallet and budget to a viewer; refresh reads the sandbox's stand-in balance", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    const d = (await coinsLoader(args(get("/coins", viewer.cookie)))) as {
      canDisburse: boolean;
      overview: { budget: bigint };
    };
    expect(d.canDisburse).toBe(false);
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 777_000 });
    const fin = await makeStaff(t.db, "finance");
    const r = (await coinsAction(args(post("/coins", { intent: "refresh-wallet" }, fin.cookie)))) as Response;
    expect(r.status).toBe(302);
    expect((await getWallet(t.db)).balance).toBe(777_000_00n);
    expect(await status(coinsAction(args(post("/coins", { intent: "refresh-wallet" }, viewer.cookie))))).toBe(
      403,
    );
    const set = (await coinsAction(
      args(post("/coins", { intent: "set-wallet", balance: "1.000.000" }, fin.cookie)),
    )) as Response;
    expect(set.status).toBe(302);
    expect((await getWallet(t.db)).balance).toBe(1_000_000_00n);
  });
});
