import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "~/i18n/config";
import { say } from "~/lib/words";
import { eventTitleWords } from "./timeline.server";

/** Order events are stored in English; the timeline says them again by kind, in the page's language. */
const i18n = createInstance();
await i18n.init({ ...i18nOptions, lng: "id" });
const id = i18n.getFixedT("id");
const en = i18n.getFixedT("en");
const said = (t: unknown, kind: string, title: string) => say(t, eventTitleWords(kind, title), title);

describe("order event titles by kind", () => {
  it.each([
    ["cancel.succeeded", "Order cancelled at GoPay", "Pesanan dibatalkan di GoPay"],
    ["created", "Payment created via the merchant API", "Pembayaran dibuat lewat API merchant"],
    ["sync", "Resynced with GoPay: pending → paid", "Disinkronkan dengan GoPay: pending → paid"],
    ["refund.approved", "Refund of Rp 10.000 approved by sari@loket.test", "Pengembalian dana Rp 10.000 disetujui oleh sari@loket.test"],
    ["refund.approval_requested", "Refund of Rp 200.000 needs approval (above Rp 100.000)", "Pengembalian dana Rp 200.000 perlu persetujuan (di atas Rp 100.000)"],
    ["refund.unknown", "Refund RF-1: waiting for GoPay", "Pengembalian dana RF-1: menunggu GoPay"],
    ["status.changed", "Paid at GoPay (hold captured)", "Dibayar di GoPay (tahan dana ditagih)"],
    ["status.changed", "Paid at GoPay (GOPAY_WALLET)", "Dibayar di GoPay (GOPAY_WALLET)"],
    ["notification", "Partially refunded: Rp 25.000 in total", "Dikembalikan sebagian: total Rp 25.000"],
    ["status.changed", "Authorised at GoPay (hold)", "Diotorisasi di GoPay (tahan dana)"],
  ])("%s: %s", (kind, english, indonesian) => {
    expect(said(id, kind, english)).toBe(indonesian);
    expect(said(en, kind, english)).toBe(english);
  });

  it("an unknown kind, or a title its kind does not write, stays as stored", () => {
    expect(said(id, "something.new", "Order cancelled at GoPay")).toBe("Order cancelled at GoPay");
    expect(said(id, "refund.approved", "Approved somehow")).toBe("Approved somehow");
  });
});
