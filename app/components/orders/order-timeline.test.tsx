import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { refundReasonFacts, type TimelineEntry } from "~/services/orders/timeline.server";
import { OrderTimeline } from "./order-timeline";

const refund = (facts: TimelineEntry["facts"]): TimelineEntry => ({
  key: "refund:1",
  at: new Date("2026-11-21T03:00:00Z"),
  kind: "refund",
  title: "Refund requested",
  titleWords: { key: "orders:timeline.title.refund" },
  status: "failed",
  amount: 10_000_00n,
  facts,
  flags: [],
});
const render = async (lng: "id" | "en", entry: TimelineEntry) =>
  renderToString(
    <I18nextProvider i18n={await sharedI18n(lng)}>
      <OrderTimeline entries={[entry]} />
    </I18nextProvider>,
  );

describe("a refund on the order timeline", () => {
  it("names its reason as the refund dialog does, not by its code and stored English", async () => {
    const entry = refund([...refundReasonFacts("customer_request", "Customer request"), { label: "Failure", value: "GoPay cannot find this payment." }]);
    const html = await render("id", entry);
    expect(html).toContain("Alasan<!-- -->:</dt>");
    expect(html).toContain(">Permintaan pelanggan</dd>");
    expect(html).toContain(">GoPay tidak menemukan pembayaran ini.</dd>");
    expect(html).not.toContain("customer_request:");
    expect(html).not.toContain("Customer request</dd>");
    const english = await render("en", entry);
    expect(english).toContain(">Customer request</dd>");
    expect(english).toContain(">GoPay cannot find this payment.</dd>");
  });

  it("keeps the staff member's note and GoPay's unknown words as written", async () => {
    const entry = refund([
      ...refundReasonFacts("other", "Other: kasir salah input"),
      { label: "Failure", value: "GoPay refused the refund: Merchant is suspended" },
      { label: "Error", value: "socket hang up" },
    ]);
    const html = await render("id", entry);
    expect(html).toContain(">Lainnya</dd>");
    expect(html).toContain("Catatan<!-- -->:</dt>");
    expect(html).toContain(">kasir salah input</dd>");
    expect(html).toContain("Merchant is suspended");
    expect(html).toContain(">socket hang up</dd>");
  });
});

describe("refundReasonFacts", () => {
  it.each([
    ["customer_request", "Customer request", [{ label: "Reason", value: "Customer request", words: { key: "refunds:reasons.customer_request" } }]],
    [
      "duplicate_payment",
      "Duplicate payment: paid twice at 10:02",
      [
        { label: "Reason", value: "Duplicate payment", words: { key: "refunds:reasons.duplicate_payment" } },
        { label: "Note", value: "paid twice at 10:02" },
      ],
    ],
    ["external", "Refund made outside Loket", [{ label: "Reason", value: "Made outside Loket", words: { key: "refunds:reasons.external" } }]],
    [
      "external",
      "Refund via GoPay dashboard",
      [
        { label: "Reason", value: "Made outside Loket", words: { key: "refunds:reasons.external" } },
        { label: "Note", value: "Refund via GoPay dashboard" },
      ],
    ],
    // A code Loket does not know: shown as stored.
    ["legacy_code", "something", [{ label: "Reason", value: "legacy_code" }, { label: "Note", value: "something" }]],
  ])("%s / %s", (code, text, facts) => {
    expect(refundReasonFacts(code, text)).toEqual(facts);
  });
});

describe("a hold on the order timeline", () => {
  it("says when it expires in the page's language (it read `3 Dec 2026` in monospace on an Indonesian page)", async () => {
    const expires = new Date("2026-12-03T04:40:02Z");
    const entry: TimelineEntry = {
      key: "hold:1:authorised",
      at: new Date("2026-12-02T04:19:59Z"),
      kind: "hold",
      title: "Hold authorised",
      titleWords: { key: "orders:timeline.title.holdAuthorised" },
      status: "authorised",
      amount: 200_000_00n,
      facts: [{ label: "Expires", value: "3 Dec 2026, 11:40:02 WIB", at: expires.toISOString() }],
      flags: [],
    };
    const html = await render("id", entry);
    expect(html).toContain(`<time dateTime="${expires.toISOString()}"`);
    expect(html).toContain("3 Des 2026, 11:40:02 WIB</time>");
    expect(html).not.toContain("Dec");
    expect(await render("en", entry)).toContain("3 Dec 2026, 11:40:02 WIB</time>");
  });
});
