import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { say } from "~/lib/words";
import type { MoneyOutcome } from "~/lib/outcome";
import type { CoinPayoutRow } from "./pay.server";
import { coinPayoutOutcome, singlePayoutOutcome } from "./single-outcome.server";

/**
 * A resubmitted payout form (the same idempotency key) and a payout the executor found already
 * settled say its status in words, in the page's language — not the stored value ("unknown").
 */
const id = (await sharedI18n("id")).getFixedT("id");
const en = (await sharedI18n("en")).getFixedT("en");
const said = (t: unknown, o: MoneyOutcome) => {
  if (o.status === "refused") throw new Error(`refused: ${o.message}`);
  return say(t, o.words?.title, o.title);
};
const payout = (status: CoinPayoutRow["status"]) => ({ amount: 25_000_00n, status }) as CoinPayoutRow;

describe("a payout already sent, said in words", () => {
  it("a replay names the status as its badge does, in both languages", () => {
    const o = singlePayoutOutcome({ kind: "replay", payout: payout("unknown") });
    expect(o.status).toBe("unknown");
    expect(said(en, o)).toBe("This payout was already sent. Status: Waiting for GoPay");
    expect(said(id, o)).toBe("Pembayaran ini sudah dikirim. Status: Menunggu GoPay");
    const paid = singlePayoutOutcome({ kind: "replay", payout: payout("paid") });
    expect(said(en, paid)).toBe("This payout was already sent. Status: Paid");
  });

  it("a skipped payout (settled elsewhere, or gone) says so without a raw value", () => {
    const o = coinPayoutOutcome({ kind: "skipped", status: "paying" });
    expect(said(en, o)).toBe("Nothing was sent again. This payout's status: Paying");
    expect(said(id, o)).toBe("Tidak ada yang dikirim lagi. Status pembayaran ini: Sedang dibayar");
    const gone = coinPayoutOutcome({ kind: "skipped", status: "missing" });
    expect(said(en, gone)).toBe("Nothing was sent again. This payout's status: Not found");
    for (const text of [said(en, gone), said(id, o)]) expect(text).not.toMatch(/\$t\(|missing|paying/);
  });
});
