import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { sharedI18n } from "~/i18n/i18n.server";
import { say } from "~/lib/words";
import { coinFailureWords } from "./coin-failure";
import { CoinBatchStatusBadge, CoinFailureText } from "./coin-status";

const id = await sharedI18n("id");
const en = await sharedI18n("en");
const render = (i18n: typeof id, node: React.ReactNode) => renderToString(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
const said = (lng: "id" | "en", status: string, code: string | null, message: string | null) =>
  say((lng === "id" ? id : en).getFixedT(lng), coinFailureWords(status, code, message), `${code}: ${message}`);

describe("a coin batch's status", () => {
  it.each([
    ["completed", "Selesai", "Completed"],
    ["pending_approval", "Menunggu persetujuan", "Pending approval"],
    ["paused", "Dijeda", "Paused"],
  ])("%s is said by its label, the code kept in data-status", (status, indonesian, english) => {
    const html = render(id, <CoinBatchStatusBadge status={status} />);
    expect(html).toContain(`>${indonesian}</span>`);
    expect(html).toContain(`data-status="${status}"`);
    expect(render(en, <CoinBatchStatusBadge status={status} />)).toContain(`>${english}</span>`);
  });
});

describe("why a coin payout is not paid", () => {
  const socket = "Could not reach GoPay for miniapp.cashback (UND_ERR_SOCKET)";

  it("says a known failure kind as a sentence; the code and message stay on hover", () => {
    const html = render(id, <CoinFailureText status="unknown" code="connection" message={socket} />);
    expect(html).toContain(">GoPay tidak dapat dihubungi.</div>");
    expect(html).toContain(`title="connection: ${socket}"`);
    expect(html).toContain('data-code="connection"');
    // English too: a sentence, not the technical line.
    expect(render(en, <CoinFailureText status="unknown" code="connection" message={socket} />)).toContain(">Could not reach GoPay.</div>");
  });

  it.each([
    ["unknown", "timeout", "GoPay did not answer miniapp.cashback within 15000 ms", "GoPay tidak menjawab tepat waktu."],
    ["unknown", "server", "GoPay answered HTTP 503 to miniapp.cashback", "Terjadi gangguan di sisi GoPay."],
    ["queued", "40005", "Insufficient merchant balance", "Dompet koin kurang: isi ulang, lalu coba lagi."],
    ["cancelled", "approval_expired", "Not approved within 24 hours", "Tidak disetujui dalam 24 jam."],
    ["failed", "422", "GoPay answered HTTP 422 to miniapp.cashback", "GoPay menolak pembayaran (HTTP 422)."],
    // GoPay's final refusals Loket has a sentence for, and Loket's own (no token): no English inside.
    ["failed", "4060", "Transaction is suspected as fraud (risk engine refused this user)", "Pemeriksaan penipuan GoPay menolak koin untuk pelanggan ini."],
    ["failed", "40006", "No reward configuration", "GoPay belum mengatur hadiah koin untuk merchant ini."],
    ["failed", "no_token", "The customer has no usable GoPay mini-app token (they must open the mini app again).", "Loket tidak punya token mini-app yang bisa dipakai untuk pelanggan ini: pelanggan harus membuka mini-app lagi."],
    // GoPay's own words for its refusal stay as sent, inside Loket's sentence.
    ["failed", "40010", "User account is blocked", "GoPay menolak pembayaran: User account is blocked"],
    ["unknown", "50001", "Something odd", "Tidak ada jawaban jelas dari GoPay; belum diketahui apakah sudah dibayar."],
  ])("%s %s", (status, code, message, indonesian) => {
    expect(said("id", status, code, message)).toBe(indonesian);
  });

  it("shows nothing without a code or message, and a line it cannot say as it is", () => {
    expect(render(id, <CoinFailureText status="failed" code={null} message={null} />)).toBe("");
    expect(said("id", "paying", "weird", "something")).toBe("weird: something");
  });
});
