import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rupiah } from "~/lib/money";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund } from "~/services/refunds/request-refund.server";
import { insertOrder } from "../support/factories";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";
import { setLimit } from "./refunds-support";

/**
 * /approvals names a refund request's reason in the page's language (refunds:reasons.*, as the
 * order timeline does), while the note staff typed stays as typed. The requests are made by the
 * real refund service, so what is stored is what it writes ("Duplicate payment", "Other: note" —
 * English); the page is the real render of the route (server side, the same words hydrate).
 */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => app?.close());

/** A refund above the requester's limit: waits on /approvals. Returns the order id shown there. */
async function waitingRefund(requester: { id: string; email: string; role: "support" }, reasonCode: string, reasonText?: string) {
  const order = await insertOrder(t.db, { status: "paid", amount: rupiah(3_000_000), customerName: "Rina Wijaya" });
  const r = await requestRefund({ orderId: order.id, partnerRefundNo: mintRefundKey(), amount: rupiah(2_000_000), reasonCode, reasonText, actor: requester }, { database: t.db });
  if (r.kind !== "awaiting_approval") throw new Error(`expected an approval, got ${r.kind}`);
  return order.orderId;
}

/** The text of the Reason cell of each waiting request, by order id (tags dropped). */
async function reasonCells(cookie: string, language: string): Promise<Map<string, string>> {
  const res = await fetch(`${app.url}/approvals`, { headers: { Cookie: cookie, "Accept-Language": language } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const out = new Map<string, string>();
  // Each row: the order link, then the amount, requester and reason cells (approvals-table.tsx).
  for (const row of html.split('data-testid="approval-row"').slice(1)) {
    const orderId = /href="\/orders\/([^"]+)"/.exec(row)?.[1];
    const cells = [...row.split("</tr>")[0]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]!.replace(/<!--.*?-->/g, "").replace(/<[^>]+>/g, "").trim());
    if (orderId) out.set(decodeURIComponent(orderId), cells[3]!);
  }
  return out;
}

describe("/approvals in the page's language", () => {
  it("says a refund request's reason code in Bahasa Indonesia and in English; the note staff typed stays as typed", async () => {
    await setLimit(t.db, "support", rupiah(1_000_000));
    const support = await makeStaff(t.db, "support");
    const requester = { id: support.id, email: support.email, role: "support" as const };
    const duplicate = await waitingRefund(requester, "duplicate_payment");
    const withNote = await waitingRefund(requester, "customer_request", "Barang rusak saat dikirim");
    const other = await waitingRefund(requester, "other", "Kasir salah input");
    const finance = await makeStaff(t.db, "finance");

    const id = await reasonCells(finance.cookie, "id-ID,id;q=0.9");
    expect(id.get(duplicate)).toBe("Pembayaran ganda");
    expect(id.get(withNote)).toBe("Permintaan pelanggan: Barang rusak saat dikirim");
    expect(id.get(other)).toBe("Lainnya: Kasir salah input");

    const en = await reasonCells(finance.cookie, "en-US,en;q=0.9");
    expect(en.get(duplicate)).toBe("Duplicate payment");
    expect(en.get(withNote)).toBe("Customer request: Barang rusak saat dikirim");
    expect(en.get(other)).toBe("Other: Kasir salah input");
  });
});
