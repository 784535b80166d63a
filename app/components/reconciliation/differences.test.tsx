import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { useExplanation, type DifferenceView } from "./differences";

function Probe({ d }: { d: Pick<DifferenceView, "kind" | "details"> }) {
  return <p>{useExplanation()(d)}</p>;
}
const explain = async (lng: "id" | "en", d: Pick<DifferenceView, "kind" | "details">) =>
  renderToString(
    <I18nextProvider i18n={await sharedI18n(lng)}>
      <Probe d={d} />
    </I18nextProvider>,
  ).replace(/^<p>|<\/p>$/g, "");

describe("a reconciliation difference explained", () => {
  it("names Loket's status by the order badge's label, not its code", async () => {
    const d = { kind: "not_at_gopay", details: { loketStatus: "paid" } };
    expect(await explain("id", d)).toBe("GoPay tidak mengenal pesanan ini; di Loket statusnya dibayar.");
    expect(await explain("en", d)).toBe("GoPay does not know this order; Loket has it paid.");
  });

  it("says Loket's statuses (loketStatus, expected) in words; GoPay's status stays as GoPay sent it", async () => {
    const d = {
      kind: "status_behind",
      details: { gopayStatus: "settlement", loketStatus: "partially_refunded", expected: "refunded", notificationReceived: true },
    };
    expect(await explain("id", d)).toBe("Status GoPay settlement (dikembalikan); Loket masih dikembalikan sebagian.");
    const paid = { kind: "paid_not_in_loket", details: { gopayStatus: "00", loketStatus: "pending", gopayAmount: "1000000", notificationReceived: false } };
    expect(await explain("id", paid)).toBe(
      "GoPay menyatakan dibayar (status 00) tetapi di Loket masih menunggu. Tidak ada notifikasi untuk status ini yang diterima.",
    );
  });
});
