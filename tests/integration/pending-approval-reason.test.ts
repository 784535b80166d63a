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
 * The order page's "waiting for approval" banner names a refund request's reason in the page's
 * language (refunds:reasons.*, as /approvals does through requestReason/sayRequestReason), not the
 * English reasonText the refund service stores; the note staff typed stays as typed. The requests
 * are made by the real refund service; the page is the real server render of the route.
 */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => app?.close());

/** The banner's text on the order page (tags and React's comments dropped). */
async function banner(orderId: string, cookie: string, language: string): Promise<string> {
  const res = await fetch(`${app.url}/orders/${encodeURIComponent(orderId)}`, { headers: { Cookie: cookie, "Accept-Language": language } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const section = /<section[^>]*data-testid="pending-approval"[^>]*>(.*?)<\/section>/s.exec(html)?.[1];
  expect(section, "the banner is on the page").toBeDefined();
  return section!.replace(/<!--.*?-->/gs, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("the order page's pending-approval banner in the page's language", () => {
  it("says the reason code in Bahasa Indonesia and in English; the note stays as typed", async () => {
    await setLimit(t.db, "support", rupiah(1_000_000));
    const support = await makeStaff(t.db, "support");
    const requester = { id: support.id, email: support.email, role: "support" as const };
    // One waiting request per order (a second one on the same order is refused meanwhile).
    const waiting = async (reasonCode: string, reasonText?: string) => {
      const order = await insertOrder(t.db, { status: "paid", amount: rupiah(3_000_000), customerName: "Rina Wijaya" });
      const r = await requestRefund({ orderId: order.id, partnerRefundNo: mintRefundKey(), amount: rupiah(2_000_000), reasonCode, reasonText, actor: requester }, { database: t.db });
      expect(r.kind).toBe("awaiting_approval");
      return order.orderId;
    };
    const duplicate = await waiting("duplicate_payment");
    const other = await waiting("other", "Kasir salah input");
    const finance = await makeStaff(t.db, "finance");

    const idDuplicate = await banner(duplicate, finance.cookie, "id-ID,id;q=0.9");
    expect(idDuplicate).toContain("(Pembayaran ganda)");
    expect(idDuplicate).not.toContain("Duplicate payment");
    const idOther = await banner(other, finance.cookie, "id-ID,id;q=0.9");
    expect(idOther).toContain("(Lainnya: Kasir salah input)");
    expect(idOther).not.toContain("Other:");

    expect(await banner(duplicate, finance.cookie, "en-US,en;q=0.9")).toContain("(Duplicate payment)");
    expect(await banner(other, finance.cookie, "en-US,en;q=0.9")).toContain("(Other: Kasir salah input)");
  });
});
