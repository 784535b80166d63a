import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it, vi } from "vitest";
import type * as Ui from "~/components/ui";
import type { ConfirmDialogProps } from "~/components/ui";
import type { ApprovalItem } from "./approvals-table";

// why: Radix renders a dialog's content only once it is open, and never on the server; this stub
// writes what the open dialog would say (title, text, button) into the page so it can be read.
vi.mock("~/components/ui", async (importOriginal) => ({
  ...(await importOriginal<typeof Ui>()),
  ConfirmDialog: ({ title, description, confirmLabel, intent }: ConfirmDialogProps) => (
    <section data-dialog={intent}>
      <h2>{title}</h2>
      <p>{description}</p>
      <button type="submit">{confirmLabel}</button>
    </section>
  ),
}));

const { PendingApprovals, dialogWordsFor } = await import("./approvals-table");
const { sharedI18n } = await import("~/i18n/i18n.server");

// Money is in minor units (sen): 4_000_000n is Rp 40.000.
const at = new Date("2025-03-01T03:00:00Z");
const base: Omit<ApprovalItem, "id" | "kind"> = {
  status: "pending",
  amount: 4_000_000n,
  requestedAt: at,
  expiresAt: new Date(at.getTime() + 24 * 3_600_000),
  requestedBy: "someone-else",
  requesterEmail: "finance@loket.test",
  deciderEmail: null,
  decidedAt: null,
  decisionReason: null,
  orderId: null,
  customerName: null,
  reasonText: null,
  problem: null,
  batch: null,
  coinPayout: null,
};

// Every kind the services write into approvals.kind (refund, coins_payout, coins_batch).
const refund: ApprovalItem = { ...base, id: "a-refund", kind: "refund", amount: 150_000_000n, orderId: "ORD-1", customerName: "Rina Wijaya", reasonText: "Damaged" };
const payout: ApprovalItem = {
  ...base,
  id: "a-payout",
  kind: "coins_payout",
  amount: 15_000_000n,
  coinPayout: { payoutId: "p1", customerId: "c1", customerName: "Ayu", amount: 15_000_000n, description: "Maaf", reasonCode: "goodwill", status: "awaiting_approval" },
};
const batch: ApprovalItem = {
  ...base,
  id: "a-batch",
  kind: "coins_batch",
  batch: { batchId: "b1", filename: "payouts.csv", status: "pending_approval", rowCount: 3, total: 4_000_000n, sample: [] },
};

/** The text of server-rendered HTML: tags and React's comment markers out, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

async function dialogs(items: ApprovalItem[], lng: "en" | "id") {
  const i18n = await sharedI18n(lng);
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <PendingApprovals items={items} meId="me" canDecide now={at} />
    </I18nextProvider>,
  );
  const read = (intent: string) =>
    [...html.matchAll(new RegExp(`<section data-dialog="${intent}"><h2>(.*?)</h2><p>(.*?)</p><button[^>]*>(.*?)</button></section>`, "g"))].map((m) => ({
      title: text(m[1]!),
      text: text(m[2]!),
      button: text(m[3]!),
    }));
  return { approve: read("approve"), reject: read("reject"), page: text(html) };
}

describe("the approve and reject dialogs on /approvals", () => {
  it("say what each kind of request does, in English", async () => {
    const { approve, reject } = await dialogs([refund, payout, batch], "en");
    expect(approve.map(({ title, button }) => ({ title, button }))).toEqual([
      { title: "Approve this refund?", button: "Approve and refund" },
      { title: "Approve this coin payout?", button: "Approve and pay" },
      { title: "Approve this coin batch?", button: "Approve and pay" },
    ]);
    expect(approve[2]!.text).toContain("Pay 3 customers Rp 40.000 in GoPay Coins");
    expect(reject.map((d) => d.title)).toEqual(["Reject this refund?", "Reject this coin payout?", "Reject this coin batch?"]);
  });

  it("say what each kind of request does, in Bahasa Indonesia", async () => {
    const { approve, reject } = await dialogs([refund, payout, batch], "id");
    expect(approve.map(({ title, button }) => ({ title, button }))).toEqual([
      { title: "Setujui pengembalian dana ini?", button: "Setujui dan kembalikan dana" },
      { title: "Setujui pembayaran koin ini?", button: "Setujui dan bayar" },
      { title: "Setujui batch koin ini?", button: "Setujui dan bayar" },
    ]);
    expect(reject.map((d) => d.title)).toEqual(["Tolak pengembalian dana ini?", "Tolak pembayaran koin ini?", "Tolak batch koin ini?"]);
  });

  it("never word anything but a refund as one", async () => {
    const unknown: ApprovalItem = { ...base, id: "a-x", kind: "something_new" };
    const batchGone: ApprovalItem = { ...base, id: "a-y", kind: "coins_batch" };
    for (const lng of ["en", "id"] as const) {
      const { approve, reject } = await dialogs([unknown, batchGone], lng);
      for (const d of [...approve, ...reject]) expect(`${d.title} ${d.text} ${d.button}`).not.toMatch(/refund|pengembalian dana|order|pesanan/i);
    }
    expect(dialogWordsFor(unknown)).toBe("other");
    expect(dialogWordsFor(batchGone)).toBe("other");
  });

  it("the empty state names every kind, not only refunds", async () => {
    for (const lng of ["en", "id"] as const) {
      const { page } = await dialogs([], lng);
      expect(page).toMatch(lng === "en" ? /Refunds.*coin payouts.*coin batches/ : /Pengembalian dana.*pembayaran koin.*batch koin/);
    }
  });
});
