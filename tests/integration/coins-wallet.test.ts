import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, coinSettings } from "~db/schema";
import { loader as coinsLoader } from "~/routes/_app.coins._index";
import { getWallet, recordWalletBalance, type PageWallet } from "~/services/coins/wallet.server";
import { useTestDb } from "../support/db";
import { get, makeStaff } from "./auth-helpers";
import { coinsControl, useCoinsSandbox } from "./coins-support";

/**
 * /coins asks GoPay (the sandbox's stand-in balance endpoint, real HTTP) for the wallet balance
 * when the stored one is older than 5 minutes, waits at most 2 s, and otherwise shows the last
 * known balance with its "refreshed at" and a note.
 */
const t = useTestDb();
const s = useCoinsSandbox({ installEnv: true });
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const MIN = 60_000;

let viewer: Awaited<ReturnType<typeof makeStaff>>;

async function load(): Promise<{ wallet: PageWallet; ms: number }> {
  const started = Date.now();
  const d = (await coinsLoader({ request: get("/coins", viewer.cookie), params: {}, context } as never)) as {
    wallet: PageWallet;
  };
  return { wallet: d.wallet, ms: Date.now() - started };
}

const pageRefreshes = async () =>
  (
    await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "coins.wallet.refresh"), eq(auditLog.result, "ok")))
  ).filter((a) => (a.detail as { source?: string } | null)?.source === "page").length;

beforeEach(async () => {
  viewer ??= await makeStaff(t.db, "viewer");
  await coinsControl(s.sb, "/faults", undefined, "DELETE");
});

describe("/coins wallet balance", () => {
  it("never refreshed: read from GoPay on load (by a viewer too), recorded and audited", async () => {
    await t.db.update(coinSettings).set({ walletBalance: null, walletRefreshedAt: null });
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 4_321_000 });
    const before = await pageRefreshes();
    const { wallet } = await load();
    expect(wallet).toMatchObject({ balance: 4_321_000_00n, note: null });
    expect(Date.now() - wallet.refreshedAt!.getTime()).toBeLessThan(MIN);
    expect((await getWallet(t.db)).balance).toBe(4_321_000_00n);
    expect(await pageRefreshes()).toBe(before + 1);
  });

  it("younger than 5 minutes: shown as stored, GoPay not asked; older: refreshed", async () => {
    const at = new Date(Date.now() - 4 * MIN);
    await recordWalletBalance(t.db, 1_000_000_00n, at);
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 2_000_000 });
    const before = await pageRefreshes();
    expect((await load()).wallet).toEqual({ balance: 1_000_000_00n, refreshedAt: at, note: null });
    expect(await pageRefreshes()).toBe(before);

    await recordWalletBalance(t.db, 1_000_000_00n, new Date(Date.now() - 6 * MIN));
    expect((await load()).wallet).toMatchObject({ balance: 2_000_000_00n, note: null });
    expect(await pageRefreshes()).toBe(before + 1);
  });

  it("GoPay slow: the page waits at most ~2 s and shows the last known balance with a note; the late answer is kept", async () => {
    const old = new Date(Date.now() - 60 * MIN);
    await recordWalletBalance(t.db, 500_000_00n, old);
    await coinsControl(s.sb, "/coins/wallet", { rupiah: 3_000_000 });
    await coinsControl(s.sb, "/faults", {
      op: "miniapp.walletBalance",
      mode: "latency",
      latencyMs: 3_500,
      count: 1,
    });
    const { wallet, ms } = await load();
    expect(ms).toBeLessThan(3_000);
    expect(wallet).toMatchObject({ balance: 500_000_00n, refreshedAt: old, note: { kind: "timeout" } });
    // The answer arrives after the page gave up: recorded for the next load.
    await expect
      .poll(async () => (await getWallet(t.db)).balance, { timeout: 5_000, interval: 200 })
      .toBe(3_000_000_00n);
  });

  it("GoPay failing: the last known balance with a note; nothing recorded", async () => {
    const old = new Date(Date.now() - 30 * MIN);
    await recordWalletBalance(t.db, 700_000_00n, old);
    await coinsControl(s.sb, "/faults", { op: "miniapp.walletBalance", mode: "http503", count: 10 });
    const before = await pageRefreshes();
    const { wallet, ms } = await load();
    expect(ms).toBeLessThan(3_000);
    expect(wallet).toMatchObject({
      balance: 700_000_00n,
      refreshedAt: old,
      note: { kind: expect.stringMatching(/error|timeout/) },
    });
    expect(await getWallet(t.db)).toEqual({ balance: 700_000_00n, refreshedAt: old });
    expect(await pageRefreshes()).toBe(before);
  });
});
