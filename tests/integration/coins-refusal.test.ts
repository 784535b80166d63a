import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { coinPayouts, customers } from "~db/schema";
import { mintCoinRequestId } from "~/services/coins/pay.server";
import { updateCoinSettings } from "~/services/coins/settings.server";
import { useTestDb } from "../support/db";
import { makeStaff, post } from "./auth-helpers";
import { coinsControl, sandboxCashbacks, sandboxCustomer, useCoinsSandbox } from "./coins-support";

/**
 * /coins/new when the payout is not made: GoPay refuses it (4060 fraud at the sandbox), Loket has
 * no usable token, a limit refuses it, or GoPay's answer is lost. What finance reads (the toast on
 * /coins, or the message in the dialog) is a sentence in their language that says what happened
 * and what to do — GoPay's code at most as a detail at the end, never "4060: Transaction is …";
 * and a lost answer is never called failed. Through the real route action and the real sandbox.
 */
const t = useTestDb();
const s = useCoinsSandbox({ installEnv: true });
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const ID = "id-ID,id;q=0.9";
const EN = "en-US,en;q=0.9";

type Toast = { type: string; title: string; description?: string };
type Answer = { status: number; location?: string | null; toast?: Toast; errors?: Record<string, string> };

let finance: string;
beforeAll(async () => {
  const admin = await makeStaff(t.db, "admin");
  finance = (await makeStaff(t.db, "finance")).cookie;
  await updateCoinSettings(t.db, {
    monthlyBudget: 1_000_000_00n,
    perRecipientCap: 500_000_00n,
    perPayoutCeiling: 150_000_00n,
    approvalThreshold: 100_000_00n,
    actor: { id: admin.id, email: admin.email },
  });
  await coinsControl(s.sb, "/coins/wallet", { rupiah: 10_000_000 });
});

/** The /coins/new action for one payout, as the confirm dialog posts it, in `language`. */
async function pay(customerId: string, amount: string, language: string): Promise<Answer> {
  const { action } = await import("~/routes/_app.coins.new");
  const form = {
    intent: "pay",
    customerId,
    amount,
    description: "Maaf atas keterlambatan",
    reasonCode: "service_recovery",
    requestId: mintCoinRequestId(),
  };
  let value: unknown;
  try {
    value = await action({
      request: post("/coins/new", form, finance, undefined, language),
      params: {},
      context,
    });
  } catch (err) {
    if (!(err instanceof Response)) throw err;
    value = err;
  }
  if (value instanceof Response) {
    const cookie = /loket_toast_[\w-]+=([^;]+)/.exec(value.headers.get("Set-Cookie") ?? "")?.[1];
    const toast = cookie
      ? (JSON.parse(Buffer.from(cookie, "base64url").toString("utf8")) as Toast)
      : undefined;
    return { status: value.status, location: value.headers.get("Location"), toast };
  }
  const v = value as { data: { errors?: Record<string, string> }; init?: { status?: number } | null };
  return { status: v.init?.status ?? 200, errors: v.data.errors };
}

/** Never GoPay's raw "code: message" line, nor a key or a placeholder. */
function expectHuman(text: string | undefined) {
  expect(text).toBeTruthy();
  expect(text).not.toMatch(/^\s*[\w-]+: /);
  // (a code, not an amount: "Rp 150.000: …" is a sentence)
  expect(text).not.toMatch(/(^|[^.\d])\d{3,7}: /);
  expect(text).not.toMatch(/\{\{|coins:|no_token/);
}

describe("a coin payout that is not made, said on /coins/new", () => {
  it("GoPay refuses it (4060): a sentence in Bahasa Indonesia with what to do; the code only at the end", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-17");
    await coinsControl(s.sb, "/coins/fraud", { customerId: "cust-17" });
    try {
      const a = await pay(c.id, "25.000", ID);
      expect(a.status).toBe(302);
      expect(a.location).toMatch(/^\/coins\?toast=/);
      expect(a.toast?.type).toBe("error");
      expect(a.toast?.title).toBe("GoPay menolak pembayaran");
      expectHuman(a.toast?.description);
      expect(a.toast?.description).toBe(
        "Pemeriksaan penipuan GoPay menolak koin untuk pelanggan ini, jadi tidak ada yang dibayar. Jika dikirim lagi, GoPay akan menolaknya lagi: ganti dengan cara lain, atau tanyakan akun pelanggan ini ke GoPay. (Kode GoPay 4060)",
      );
      // GoPay's English words are not in the Indonesian toast.
      expect(a.toast?.description).not.toContain("suspected as fraud");

      const b = await pay(c.id, "25.000", EN);
      expect(b.toast?.title).toBe("GoPay refused the payout");
      expectHuman(b.toast?.description);
      expect(b.toast?.description).toMatch(
        /^GoPay's fraud checks turned down coins for this customer, so nothing was paid\./,
      );
      expect(b.toast?.description).toMatch(/\(GoPay code 4060\)$/);
      // The row keeps GoPay's code and message as sent (hover, CSV, audit).
      const rows = await t.db.select().from(coinPayouts).where(eq(coinPayouts.customerId, c.id));
      expect(rows.map((r) => [r.status, r.errorCode])).toEqual([
        ["failed", "4060"],
        ["failed", "4060"],
      ]);
      expect(rows[0]!.errorMessage).toMatch(/suspected as fraud/);
    } finally {
      await coinsControl(s.sb, "/coins/fraud", { customerId: "cust-17", on: false });
    }
    expect(await sandboxCashbacks(s.sb, "cust-17")).toHaveLength(0);
  });

  it("Loket has no usable token for the customer: not called GoPay's refusal; what to do", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-18");
    // A token Loket can no longer open (e.g. sealed under an old key): nothing is sent to GoPay.
    await t.db.update(customers).set({ authTokenEnc: "not-a-sealed-token" }).where(eq(customers.id, c.id));
    const a = await pay(c.id, "10.000", ID);
    expect(a.status).toBe(302);
    expect(a.toast?.title).toBe("Koin tidak dibayarkan");
    expectHuman(a.toast?.description);
    expect(a.toast?.description).toBe(
      "Loket tidak punya token mini-app yang bisa dipakai untuk pelanggan ini, jadi tidak ada yang dibayar. Minta pelanggan membuka mini-app lagi, lalu bayar lagi.",
    );
    const b = await pay(c.id, "10.000", EN);
    expect(b.toast?.title).toBe("Coins not paid");
    expect(b.toast?.description).toMatch(/Ask them to open the mini-app again, then pay again\.$/);
  });

  it("a limit refuses it: at the amount, in the page's language, with what to do", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-19");
    const a = await pay(c.id, "150.001", ID);
    expect(a.status).toBe(400);
    expectHuman(a.errors?.amount);
    expect(a.errors?.amount).toBe(
      "Melebihi batas per pembayaran Rp 150.000: bayar paling banyak sejumlah itu, atau minta admin menaikkan batasnya di Pengaturan → Koin.",
    );
    const b = await pay(c.id, "150.001", EN);
    expect(b.errors?.amount).toBe(
      "Over the per-payout ceiling of Rp 150.000: pay at most that, or ask an admin to raise the ceiling in Settings → Coins.",
    );
  });

  it("GoPay's answer is lost: said as waiting for GoPay, never as failed", async () => {
    const c = await sandboxCustomer(t.db, s.sb, "cust-20");
    // Every attempt (the client's retries too) answers 503: GoPay may have paid, so the outcome is unknown.
    await coinsControl(s.sb, "/faults", { op: "miniapp.cashback", mode: "http503", count: 10 });
    try {
      for (const [language, title] of [
        [ID, "Terkirim: menunggu jawaban GoPay"],
        [EN, "Sent: waiting for GoPay's answer"],
      ] as const) {
        const a = await pay(c.id, "5.000", language);
        expect(a.status).toBe(302);
        expect(a.toast?.type).toBe("info");
        expect(a.toast?.title).toBe(title);
        expectHuman(a.toast?.description);
        expect(`${a.toast?.title} ${a.toast?.description}`).not.toMatch(/fail|refus|gagal|tolak/i);
      }
    } finally {
      await coinsControl(s.sb, "/faults", undefined, "DELETE");
    }
    const rows = await t.db.select().from(coinPayouts).where(eq(coinPayouts.customerId, c.id));
    expect(rows.map((r) => r.status)).toEqual(["unknown", "unknown"]);
  });
});
