import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { say } from "~/lib/words";
import type { CoinPayoutRow } from "./pay.server";
import { COIN_REFUSALS, coinRefusal, coinRefusalSaid } from "./refusal";
import { coinPayoutOutcome } from "./single-outcome.server";

/**
 * A payout GoPay (or Loket) turned down for good is said as what happened and what to do, in the
 * staff member's language, with GoPay's code only as the detail at the end — never "4060: …".
 */
const id = (await sharedI18n("id")).getFixedT("id");
const en = (await sharedI18n("en")).getFixedT("en");

/** One code per sentence, with GoPay's message as the mini-app API sends it. */
const CASES: Array<[code: string, message: string, kind: string]> = [
  ["4060", "Transaction is suspected as fraud (risk engine refused this user)", "fraud"],
  ["40006", "No reward configuration for this merchant", "noReward"],
  [
    "no_token",
    "The customer has no usable GoPay mini-app token (they must open the mini app again).",
    "noToken",
  ],
  ["310", "description is longer than 256 characters", "invalid"],
  ["401", "GoPay answered HTTP 401 to miniapp.cashback", "auth"],
  ["403", "GoPay answered HTTP 403 to miniapp.cashback", "notPermitted"],
  ["404", "GoPay answered HTTP 404 to miniapp.cashback", "notFound"],
  ["429", "GoPay answered HTTP 429 to miniapp.cashback", "rateLimit"],
  ["40010", "User account is blocked", "other"],
];

const failed = (code: string, message: string) =>
  coinPayoutOutcome({ kind: "failed", payout: { amount: 25_000_00n } as CoinPayoutRow, code, message });

describe("a coin payout turned down for good", () => {
  it("has a sentence for every kind (each case above covers one)", () => {
    expect(new Set(CASES.map(([, , k]) => k))).toEqual(new Set(COIN_REFUSALS));
  });

  it.each(CASES)("%s: a sentence in both languages, the code only as the detail", (code, message, kind) => {
    expect(coinRefusal(code)).toBe(kind);
    const o = failed(code, message);
    expect(o.status).toBe("failed");
    if (o.status !== "failed") return;
    const english = say(en, o.words?.description, "");
    const indonesian = say(id, o.words?.description, "");
    // The service's own English is the page's English (one sentence, not two that drift apart).
    expect(english).toBe(o.description);
    expect(say(en, o.words?.title, "")).toBe(o.title);
    for (const text of [english, indonesian, o.title, say(id, o.words?.title, "")]) {
      expect(text).not.toMatch(new RegExp(`^${code}:`));
      expect(text).not.toContain(`${code}: ${message}`);
      expect(text).not.toMatch(/\{\{|coins:/);
    }
    expect(english).toMatch(/nothing was paid/);
    expect(indonesian).toMatch(/tidak ada yang dibayar/);
    expect(indonesian).not.toBe(english);
    if (code === "no_token") {
      // Loket's own refusal: not GoPay's, and no GoPay code to show.
      expect(say(en, o.words?.title, "")).toBe("Coins not paid");
      expect(say(id, o.words?.title, "")).toBe("Koin tidak dibayarkan");
      expect(english).not.toContain("no_token");
    } else {
      expect(english.endsWith(`(GoPay code ${code})`)).toBe(true);
      expect(indonesian.endsWith(`(Kode GoPay ${code})`)).toBe(true);
    }
    // GoPay's own (English) words only where Loket has no sentence for the code.
    expect(english.includes(message)).toBe(kind === "other");
  });

  it("says what to do", () => {
    expect(coinRefusalSaid("4060", "x").description).toMatch(/make it up to them another way, or ask GoPay/);
    expect(say(id, coinRefusalSaid("4060", "x").words.description, "")).toMatch(/ganti dengan cara lain/);
    expect(coinRefusalSaid("40010", "User account is blocked").description).toBe(
      "GoPay turned down the payout, so nothing was paid. GoPay's reason: “User account is blocked”. If that can be put right, pay again. (GoPay code 40010)",
    );
  });

  it("an unknown outcome is never said as failed or refused", () => {
    const o = coinPayoutOutcome({
      kind: "unknown",
      payout: { amount: 25_000_00n } as CoinPayoutRow,
      message: "timeout",
    });
    expect(o.status).toBe("unknown");
    if (o.status !== "unknown") return;
    for (const t of [en, id]) {
      const text = `${say(t, o.words?.title, "")} ${say(t, o.words?.description, "")}`;
      expect(text).not.toMatch(/fail|refus|gagal|tolak/i);
    }
  });
});
