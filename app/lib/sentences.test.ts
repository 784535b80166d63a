import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "~/i18n/config";
import { refundableNow } from "~/services/orders/refundable";
import { whyNotHonourable, type HonourFacts } from "~/services/approvals/honour";
import { parseUnbindFilters } from "~/services/accounts/unbind-events.server";
import { refundFailureSentence } from "~/services/refunds/send.server";
import { classify } from "~/services/campaigns/send.server";
import { GopayError } from "~/gopay/errors";
import { translateSentence, wordsOf } from "./sentences";

/**
 * Every sentence the catalogue claims to know is matched as the service really writes it, and
 * comes out in Bahasa Indonesia (so a service rewording a sentence shows up here, not as English
 * on an Indonesian page). Unknown sentences pass through untouched.
 */
const i18n = createInstance();
await i18n.init({ ...i18nOptions, lng: "id" });
const id = i18n.getFixedT("id");
const en = i18n.getFixedT("en");
const now = new Date("2025-06-01T05:00:00Z");
const paid = { status: "paid" as const, channel: "deeplink" as const, paidAmount: 100_000_00n, paidAt: new Date("2025-05-30T00:00:00Z") };

function honour(over: Partial<HonourFacts>): string {
  const base: HonourFacts = {
    approval: { status: "pending", expiresAt: new Date(now.getTime() + 60_000) },
    refund: { status: "awaiting_approval", amount: 50_000_00n },
    order: paid,
    orderRefunds: [],
    requester: { active: true, email: "sari@loket.test" },
    now,
  };
  const s = whyNotHonourable({ ...base, ...over });
  if (!s) throw new Error("expected a reason");
  return s;
}

const serviceSentences = [
  refundableNow({ ...paid, status: "cancelled" }, [], now).reason!,
  refundableNow({ ...paid, paidAt: null }, [], now).reason!,
  refundableNow({ ...paid, status: "authorised", channel: "preauth", paidAt: null }, [], now).reason!,
  refundableNow({ ...paid, paidAt: new Date("2024-01-01T00:00:00Z") }, [], now).reason!,
  refundableNow(paid, [{ status: "succeeded", amount: 100_000_00n }], now).reason!,
  honour({ approval: { status: "approved", expiresAt: now } }),
  honour({ approval: { status: "pending", expiresAt: now } }),
  honour({ refund: null }),
  honour({ refund: { status: "succeeded", amount: 1n } }),
  honour({ order: null }),
  honour({ requester: { active: false, email: "sari@loket.test" } }),
  honour({ requester: null }),
  honour({ order: { ...paid, status: "refunded" } }),
  honour({ refund: { status: "awaiting_approval", amount: 200_000_00n } }),
  parseUnbindFilters(new URLSearchParams("source=martians")).errors.source!,
  ...["4035802", "4035815", "4045801", "412", "5005801"].map((code) => refundFailureSentence(code, "Internal Server Error")),
  parseUnbindFilters(new URLSearchParams("from=2026-13-45")).errors.from!,
];

describe("service sentences in Bahasa Indonesia", () => {
  it.each(serviceSentences)("%s", (sentence) => {
    expect(wordsOf(sentence), "no catalogue entry").not.toBeNull();
    const said = translateSentence(id, sentence);
    expect(said).not.toBe(sentence);
    expect(said).not.toMatch(/\b(the|is|was|cannot|order)\b/i);
    // English says it as the service wrote it (the status sentence is reworded around the status code).
    if (!/order cannot be refunded/.test(sentence)) expect(translateSentence(en, sentence)).toBe(sentence);
    else expect(translateSentence(en, sentence)).toMatch(/^(Cannot approve: )?An order with status “[a-z ]+” cannot be refunded\.$/);
  });

  it("a campaign recipient's answer in the log: Loket's words translated, GoPay's kept as sent", () => {
    const refused = classify(
      new GopayError({ kind: "auth", api: "miniapp", operation: "miniapp.push", message: "Invalid authorisation", httpStatus: 401, responseCode: "5003", retryable: false, outcomeUnknown: false }),
    );
    expect(refused.final).toBe(true);
    expect(translateSentence(id, refused.message)).toBe("GoPay menolak token pelanggan: Invalid authorisation");
    expect(translateSentence(en, refused.message)).toBe(refused.message);
    // send.server.ts's sentence for a recipient whose every attempt went unanswered
    const unknown = "Outcome unknown after 3 attempts with the same Request-Id (Could not reach GoPay for miniapp.push (UND_ERR_SOCKET))";
    expect(translateSentence(id, unknown)).toBe(
      "Hasil belum pasti setelah 3 percobaan dengan Request-Id yang sama (Could not reach GoPay for miniapp.push (UND_ERR_SOCKET))",
    );
  });

  it("a hold that expired names the time with the page's month names", () => {
    // app/services/holds/actions.server.ts's refusal, as it writes it (formatWib's English)
    const sentence = "This hold expired at 3 Dec 2026, 11:40:02 WIB; GoPay no longer holds the money, so it cannot be captured.";
    expect(translateSentence(id, sentence)).toBe(
      "Tahan dana ini kedaluwarsa pada 3 Des 2026, 11:40:02 WIB; GoPay tidak lagi menahan dananya, jadi tidak bisa ditagih (capture).",
    );
    expect(translateSentence(en, sentence)).toBe(sentence);
  });

  it("nested sentences and values are translated inside out", () => {
    expect(translateSentence(id, "Cannot approve: The 45-day refund window has closed.")).toBe(
      "Tidak bisa disetujui: Batas waktu pengembalian dana 45 hari sudah lewat.",
    );
    expect(translateSentence(id, "You refunded Rp 10.000 on this order 3 minutes ago. Refund again?")).toBe(
      "Anda sudah mengembalikan Rp 10.000 untuk pesanan ini (3 menit lalu). Kembalikan lagi?",
    );
  });

  it.each([
    ["Hold for order ORD-1 captured: Rp 10.000.", "Tahan dana pesanan ORD-1 ditagih (capture): Rp 10.000."],
    ["GoPay refused the release: Transaction not found", "GoPay menolak pelepasan: Transaction not found"],
    ["This hold was already released; it cannot be captured.", "Tahan dana ini sudah dilepas; tidak bisa ditagih (capture)."],
    ["A release of this hold is already in progress (by sari@loket.test); wait for its outcome.", "Pelepasan tahan dana ini sedang diproses (oleh sari@loket.test); tunggu hasilnya."],
    ["A capture of this hold is already in progress; wait for its outcome.", "Penagihan (capture) tahan dana ini sedang diproses; tunggu hasilnya."],
    ["This capture was already done.", "Proses penagihan (capture) ini sudah dilakukan."],
  ])("holds: %s", (english, indonesian) => {
    expect(translateSentence(id, english)).toBe(indonesian);
    expect(translateSentence(en, english)).toBe(english);
  });

  it("a sentence it does not know (GoPay's own words) is shown as it is", () => {
    expect(translateSentence(id, "Refund amount exceeds transaction amount")).toBe("Refund amount exceeds transaction amount");
  });
});
