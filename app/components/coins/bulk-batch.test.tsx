import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { BatchProgress, type BatchViewProps } from "./bulk-batch";

const view: BatchViewProps = {
  batch: {
    id: "b1",
    status: "paying",
    rowCount: 100_000,
    totalAmount: 5_000_000_000n,
    submittedAt: new Date("2026-12-02T03:00:00Z"),
    decidedAt: null,
    decisionReason: null,
    pauseReason: null,
    neededAmount: null,
    finishedAt: null,
  },
  submitterEmail: "finance@example.com",
  deciderEmail: null,
  expiresAt: null,
  counts: { paid: { n: 12_345, sum: 617_250_000n }, queued: { n: 87_655, sum: 4_382_750_000n } },
};

const render = async (lng: "id" | "en") =>
  renderToString(
    <I18nextProvider i18n={await sharedI18n(lng)}>
      <BatchProgress view={view} />
    </I18nextProvider>,
  );

describe("a coin batch's counts", () => {
  it("are grouped as the page's language writes numbers; money stays Rp 1.234", async () => {
    const en = await render("en");
    expect(en).toContain("12,345 of 100,000 rows done");
    expect(en).toMatch(/>12,345(<!-- -->)? · /);
    expect(en).toContain("Rp 6.172.500");
    expect(en).not.toContain("100.000 rows");
    const id = await render("id");
    expect(id).toContain("12.345");
    expect(id).toContain("100.000");
  });
});
