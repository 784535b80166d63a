import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nOptions } from "~/i18n/config";
import { refundReasonSentence } from "~/services/refunds/reasons";
import { sayRequestReason } from "./reason";
import { requestReason } from "./reason.server";

async function tIn(lng: "id" | "en") {
  const i18n = createInstance();
  await i18n.init({ ...i18nOptions, lng });
  return i18n.getFixedT(lng);
}

/** What /approvals shows in a request's Reason cell, from what the refund service stored. */
async function shown(lng: "id" | "en", reasonCode: string, reasonText: string | null) {
  return sayRequestReason(await tIn(lng), requestReason({ reasonCode, reasonText })!);
}

describe("a refund request's reason on /approvals", () => {
  it("names the code in the page's language and keeps the staff member's note as typed", async () => {
    expect(await shown("id", "duplicate_payment", refundReasonSentence("duplicate_payment"))).toBe("Pembayaran ganda");
    expect(await shown("id", "other", refundReasonSentence("other", "kasir salah input"))).toBe("Lainnya: kasir salah input");
    expect(await shown("en", "fraud", refundReasonSentence("fraud", "Stolen phone"))).toBe("Fraud: Stolen phone");
    // An older row whose text is not "Label: note" keeps that text as the note.
    expect(await shown("id", "customer_request", "Damaged on arrival")).toBe("Permintaan pelanggan: Damaged on arrival");
  });

  it("a code Loket does not know is shown as it is; a request that is not a refund has no reason here", async () => {
    expect(await shown("id", "legacy_code", null)).toBe("legacy_code");
    expect(requestReason({ reasonCode: null, reasonText: null })).toBeNull();
  });
});
