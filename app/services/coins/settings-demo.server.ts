import { eq, inArray, sql } from "drizzle-orm";
import { coinPayouts, customers, staff } from "~db/schema";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import type { GopayClient } from "~/gopay/index.server";
import { registerDemoStep } from "~/services/demo-data/seed.server";
import { sandboxControl } from "~/services/demo-data/sandbox.server";
import { demoEmail } from "~/services/staff/demo-staff.server";
import { mintCoinRequestId } from "./pay.server";
import { getCoinSettings, updateCoinSettings } from "./settings.server";
import { requestSinglePayout } from "./single.server";
import { refreshWallet } from "./wallet.server";

/** The demo's coin limits (rupiah × 100): set once, when nobody has set any. */
export const DEMO_COIN_LIMITS = {
  monthlyBudget: 50_000_000_00n,
  perRecipientCap: 500_000_00n,
  perPayoutCeiling: 250_000_00n,
  approvalThreshold: 100_000_00n,
};
const DEMO_WALLET_RUPIAH = 25_000_000;

/**
 * Demo data for coins, through the real services against the sandbox: the limits (once), the
 * sandbox's coin wallet and Loket's reading of it, and — when no payout exists yet — a few single
 * payouts to the demo mini-app users (demo-user-1…6 hold real sandbox tokens): paid ones, one that
 * waits for approval (above the threshold), one whose answer the sandbox drops (unknown → "Try again").
 * Registered on import; app/services/demo-data/boot.server.ts imports this module. Idempotent.
 */
export async function seedCoinsDemo(
  database: Db,
  deps: { client?: GopayClient; sandboxUrl?: string } = {},
): Promise<string[]> {
  const lines: string[] = [];
  const who = async (role: "admin" | "finance") =>
    (
      await database
        .select({ id: staff.id, email: staff.email })
        .from(staff)
        .where(eq(staff.email, demoEmail(role)))
        .limit(1)
    )[0];
  const admin = await who("admin");
  const finance = (await who("finance")) ?? admin;
  if (!admin || !finance) return ["  coins: no demo staff, skipped"];
  if ((await getCoinSettings(database)).updatedBy === null) {
    await updateCoinSettings(database, { ...DEMO_COIN_LIMITS, actor: admin });
    lines.push(
      "  coins: demo limits set (budget Rp 50.000.000, cap Rp 500.000, ceiling Rp 250.000, approval at Rp 100.000)",
    );
  }
  const [{ n } = { n: 0 }] = await database.select({ n: sql<number>`count(*)::int` }).from(coinPayouts);
  if (Number(n) > 0) {
    await refreshWallet({ database, client: deps.client, actor: { email: "job:demo-seed" } });
    return lines;
  }
  const sb = sandboxControl(deps.sandboxUrl ?? env().GOPAY_MINIAPP_BASE_URL);
  await sb.post("/coins/wallet", { rupiah: DEMO_WALLET_RUPIAH });
  const people = await database
    .select({ id: customers.id, mu: customers.merchantUserId })
    .from(customers)
    .where(
      inArray(customers.merchantUserId, [
        "demo-user-1",
        "demo-user-2",
        "demo-user-3",
        "demo-user-4",
        "demo-user-5",
      ]),
    );
  const by = (mu: string) => people.find((p) => p.mu === mu)?.id;
  const plan: { mu: string; amount: bigint; description: string; reasonCode: string; drop?: true }[] = [
    {
      mu: "demo-user-1",
      amount: 25_000_00n,
      description: "Maaf, pesanan Anda terlambat. Ini koin untuk Anda.",
      reasonCode: "service_recovery",
    },
    {
      mu: "demo-user-2",
      amount: 10_000_00n,
      description: "Terima kasih sudah mengajak teman ke Loket!",
      reasonCode: "referral",
    },
    {
      mu: "demo-user-3",
      amount: 50_000_00n,
      description: "Hadiah pelanggan setia bulan ini.",
      reasonCode: "loyalty",
    },
    {
      mu: "demo-user-4",
      amount: 150_000_00n,
      description: "Kompensasi untuk pesanan yang hilang.",
      reasonCode: "service_recovery",
    },
    {
      mu: "demo-user-5",
      amount: 15_000_00n,
      description: "Promo akhir bulan.",
      reasonCode: "promotion",
      drop: true,
    },
  ];
  const kinds: string[] = [];
  for (const p of plan) {
    const customerId = by(p.mu);
    if (!customerId) continue;
    if (p.drop) await sb.post("/faults", { op: "miniapp.cashback", mode: "drop-after", count: 1 });
    const r = await requestSinglePayout(
      {
        customerId,
        amount: p.amount,
        description: p.description,
        reasonCode: p.reasonCode,
        requestId: mintCoinRequestId(),
        actor: finance,
      },
      { database, client: deps.client },
    );
    kinds.push(r.kind === "sent" ? r.result.kind : r.kind);
  }
  await refreshWallet({ database, client: deps.client, actor: { email: "job:demo-seed" } });
  lines.push(
    `  coins: sandbox wallet Rp ${DEMO_WALLET_RUPIAH.toLocaleString("id-ID")}; ${kinds.length} demo payouts (${kinds.join(", ")})`,
  );
  return lines;
}

// Never throws: a hiccup here (the sandbox restarting…) must not stop the steps after it.
registerDemoStep({
  name: "coins",
  run: async (database) => {
    try {
      return await seedCoinsDemo(database);
    } catch (err) {
      return [
        `  coins: demo payouts skipped (${err instanceof Error ? err.message : String(err)}); the next start tries again`,
      ];
    }
  },
});
