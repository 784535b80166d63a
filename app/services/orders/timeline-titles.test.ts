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
    ["sync", "Resynced with GoPay: pending → paid", "Disinkronkan dengan GoPay: menunggu → dibayar"],
    ["status.changed", "Status paid → partially refunded", "Status dibayar → dikembalikan sebagian"],
    ["status.changed", "Status pending → expired", "Status menunggu → kedaluwarsa"],
    ["refund.approved", "Refund of Rp 10.000 approved by sari@loket.test", "Pengembalian dana Rp 10.000 disetujui oleh sari@loket.test"],
    ["refund.approval_requested", "Refund of Rp 200.000 needs approval (above Rp 100.000)", "Pengembalian dana Rp 200.000 perlu persetujuan (di atas Rp 100.000)"],
    ["refund.unknown", "Refund RF-1: waiting for GoPay", "Pengembalian dana RF-1: menunggu GoPay"],
    ["status.changed", "Paid at GoPay (hold captured)", "Dibayar di GoPay (tahan dana ditagih)"],
    ["notification", "Partially refunded: Rp 25.000 in total", "Dikembalikan sebagian: total Rp 25.000"],
    ["status.changed", "Authorised at GoPay (hold)", "Diotorisasi di GoPay (tahan dana)"],
    ["refund.succeeded", "Refund RF-1 succeeded (GoPay answer)", "Pengembalian dana RF-1 berhasil (jawaban GoPay)"],
    ["refund.succeeded", "Refund RF-1 succeeded (notification; its outcome had been unknown)", "Pengembalian dana RF-1 berhasil (notifikasi; sebelumnya hasilnya belum pasti)"],
    [
      "refund.succeeded",
      "Refund RF-1 succeeded (same key sent again; its outcome had been needs attention)",
      "Pengembalian dana RF-1 berhasil (kunci yang sama dikirim ulang; sebelumnya perlu ditindaklanjuti)",
    ],
    ["refund.failed", "Refund RF-2 failed (status query)", "Pengembalian dana RF-2 gagal (cek status)"],
    [
      "refund.failed",
      "Refund RF-2 failed (same key sent again, GoPay refused it; its outcome had been needs attention)",
      "Pengembalian dana RF-2 gagal (kunci yang sama dikirim ulang, GoPay menolaknya; sebelumnya perlu ditindaklanjuti)",
    ],
    ["refund.external", "Refund gopay-77 made outside Loket recorded (notification)", "Pengembalian dana gopay-77 yang dibuat di luar Loket dicatat (notifikasi)"],
    [
      "refund.reconciled",
      "Refund RF-3 was made by GoPay after Loket booked it failed: now booked as succeeded (status query)",
      "Pengembalian dana RF-3 ternyata dibuat oleh GoPay setelah Loket mencatatnya “Gagal”: kini dicatat berhasil (cek status)",
    ],
    [
      "refund.needs_attention",
      "Refund RF-4: GoPay has given no answer for 24 h. Needs a person; the money stays reserved",
      "Pengembalian dana RF-4: GoPay belum menjawab selama 24 jam. Perlu ditindaklanjuti; dananya tetap dicadangkan",
    ],
    ["hold.authorised", "Hold authorised", "Tahan dana diotorisasi"],
    ["hold.captured", "Hold captured", "Tahan dana ditagih (capture)"],
    ["hold.released", "Hold released", "Tahan dana dilepas"],
    ["hold.expired", "Hold expired", "Tahan dana kedaluwarsa"],
    ["status.changed", "Charge settlement at GoPay", "Penagihan di GoPay: Selesai (settlement)"],
    ["status.changed", "Charge deny at GoPay: Insufficient balance", "Penagihan di GoPay: Ditolak: Insufficient balance"],
  ])("%s: %s", (kind, english, indonesian) => {
    expect(said(id, kind, english)).toBe(indonesian);
    expect(said(en, kind, english)).toBe(english);
  });

  it.each([
    ["GOPAY_WALLET", "Dibayar di GoPay (Saldo GoPay)", "Paid at GoPay (GoPay wallet)"],
    ["GOPAY_SAVINGS", "Dibayar di GoPay (Tabungan)", "Paid at GoPay (Tabungan)"],
    ["PAY_LATER", "Dibayar di GoPay (PayLater)", "Paid at GoPay (PayLater)"],
  ])("Paid at GoPay (%s): the payment option by its label (orders:option.*)", (option, indonesian, english) => {
    for (const kind of ["status.changed", "notification"]) {
      expect(said(id, kind, `Paid at GoPay (${option})`)).toBe(indonesian);
      expect(said(en, kind, `Paid at GoPay (${option})`)).toBe(english);
    }
  });

  it("a payment option Loket has no label for stays as stored", () => {
    expect(said(id, "status.changed", "Paid at GoPay (QRIS)")).toBe("Paid at GoPay (QRIS)");
  });

  it("an unknown kind, or a title its kind does not write, stays as stored", () => {
    expect(said(id, "something.new", "Order cancelled at GoPay")).toBe("Order cancelled at GoPay");
    expect(said(id, "refund.approved", "Approved somehow")).toBe("Approved somehow");
    // a source or a GoPay status the titles do not know is not guessed at
    expect(said(id, "refund.succeeded", "Refund RF-1 succeeded (carrier pigeon)")).toBe("Refund RF-1 succeeded (carrier pigeon)");
    expect(said(id, "status.changed", "Charge teleported at GoPay")).toBe("Charge teleported at GoPay");
  });
});
