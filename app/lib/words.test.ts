import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "~/i18n/config";
import { refundableNow } from "~/services/orders/refundable";
import { say } from "./words";

/**
 * A sentence that carries a status code says the status's word in the page's language: an
 * Indonesian page never reads "Pesanan berstatus “authorised”" (found on the demo's hold orders).
 */
const i18n = createInstance();
await i18n.init({ ...i18nOptions, lng: "id" });
const id = i18n.getFixedT("id");
const en = i18n.getFixedT("en");
const now = new Date("2025-06-01T05:00:00Z");
const order = { channel: "preauth" as const, paidAmount: 100_000_00n, paidAt: null };

describe("say: status codes inside a sentence", () => {
  it("an order that cannot be refunded names its status in the page's language", () => {
    const r = refundableNow({ ...order, status: "expired" }, [], now);
    expect(say(id, r.reasonWords, r.reason!)).toBe("Pesanan berstatus “kedaluwarsa” tidak bisa dikembalikan dananya.");
    expect(say(en, r.reasonWords, r.reason!)).toBe("An order with status “expired” cannot be refunded.");
    const q = refundableNow({ ...order, status: "pending" }, [], now);
    expect(say(id, q.reasonWords, q.reason!)).toContain("“menunggu”");
  });

  it("a pay account's status, in upper case from GoPay, is said as a word", () => {
    expect(say(id, { key: "accounts:errors.notEnabled", params: { status: "disabled" } })).toBe(
      "Akun ini berstatus nonaktif; hanya akun yang aktif yang bisa diputus.",
    );
    expect(say(id, { key: "accounts:outcome.changed", params: { before: "ENABLED", after: "DISABLED" } })).toBe("Status berubah: aktif → nonaktif.");
    expect(say(id, { key: "accounts:outcome.unchanged", params: { status: "ENABLED" } })).toBe("Menurut GoPay aktif; tidak ada perubahan.");
  });

  it("a campaign's status uses the campaign's words", () => {
    expect(say(id, { key: "campaigns:build.preview.notDraft", params: { status: "scheduled" } })).toBe(
      "Kampanye ini berstatus terjadwal: hanya draf yang dapat dijadwalkan di sini.",
    );
    expect(say(id, { key: "campaigns:delivery.errors.wrongStatus", params: { status: "paused" } })).toBe("Tidak bisa saat kampanye berstatus dijeda.");
    expect(say(en, { key: "campaigns:delivery.errors.wrongStatus", params: { status: "completed" } })).toBe("Not possible while the campaign is completed.");
  });

  it("a code with no word stays as it is; other sentences are untouched", () => {
    expect(say(id, { key: "accounts:outcome.unchanged", params: { status: "SOMETHING_NEW" } })).toBe("Menurut GoPay something_new; tidak ada perubahan.");
    expect(say(id, { key: "coins:failure.httpRefused", params: { status: 503 } })).toContain("503");
    expect(say(id, null, "fallback")).toBe("fallback");
  });
});
