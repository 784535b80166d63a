import { describe, expect, it } from "vitest";
import { rupiah } from "~/lib/money";
import { buildReport, type DayFigure } from "./report";

/*
 * report_days keys coin payouts with channel '' and payment option '', the same option key as an
 * order without one. The split columns must not mix the two.
 */
const range = { from: "2026-11-21", to: "2026-11-21" };
const fig = (source: string, channel: string, option: string, amount: bigint, count = 1): DayFigure => ({
  day: "2026-11-21",
  source,
  channel,
  option,
  count,
  amount,
});

describe("buildReport: splits", () => {
  const report = buildReport(range, [
    // An order paid without an option, and one paid with GoPay wallet and partly refunded.
    fig("payments", "deeplink", "", rupiah(475_000)),
    fig("payments", "tokenized", "GOPAY_WALLET", rupiah(200_000)),
    fig("refunds", "tokenized", "GOPAY_WALLET", rupiah(20_000)),
    // Coins paid out: no order, so no channel and no option.
    fig("coin_payouts", "", "", rupiah(300_000), 2),
  ]);

  it("nets each option and channel from its own payments and refunds, not coin payouts", () => {
    expect(report.netByOption[""]).toBe(rupiah(475_000));
    expect(report.netByOption.GOPAY_WALLET).toBe(rupiah(180_000));
    expect(report.netByChannel.deeplink).toBe(rupiah(475_000));
    expect(report.netByChannel.tokenized).toBe(rupiah(180_000));
    expect(report.netByChannel[""]).toBeUndefined();
    expect(report.sources.coin_payouts.byOption).toEqual({});
    expect(report.sources.coin_payouts.byChannel).toEqual({});
  });

  it("still takes coin payouts exactly once in the totals", () => {
    expect(report.sources.coin_payouts.total).toEqual({ count: 2, amount: rupiah(300_000) });
    expect(report.net).toBe(rupiah(475_000 + 200_000 - 20_000 - 300_000));
    expect(report.days[0]!.net).toBe(report.net);
    const byOption = Object.values(report.netByOption).reduce((a, b) => a + b, 0n);
    expect(byOption - report.sources.coin_payouts.total.amount).toBe(report.net);
  });
});
