import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rupiah } from "~/lib/money";
import { insertOrder, insertRefund } from "../support/factories";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/**
 * A refund GoPay never answered for (needs_attention) has no staff action by design: the order
 * page must say what it means and what to do, with the number GoPay needs to find it.
 */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => app?.close());

/** The refund watch banner's text (tags dropped). */
async function banner(orderId: string, language: string): Promise<string> {
  const support = await makeStaff(t.db, "support");
  const res = await fetch(`${app.url}/orders/${orderId}`, { headers: { Cookie: support.cookie, "Accept-Language": language } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const at = html.indexOf('data-testid="waiting-for-gopay"');
  expect(at).toBeGreaterThan(0);
  const end = html.indexOf("</div></div>", at);
  return html
    .slice(html.indexOf(">", at) + 1, end)
    .replace(/<!--.*?-->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, " ");
}

describe("the order page on a refund that needs attention", () => {
  it("says GoPay has not answered for the configured hours, that Loket keeps asking and the money stays reserved, and what to do (contact GoPay with the partnerRefundNo; do not refund again)", async () => {
    const order = await insertOrder(t.db, { status: "paid", amount: rupiah(100_000), paidAmount: rupiah(100_000), paidAt: new Date() });
    const refund = await insertRefund(t.db, { orderId: order.id, amount: rupiah(40_000), status: "needs_attention", createdAt: new Date(Date.now() - 30 * 3600_000) });
    const text = await banner(order.orderId, "en");
    expect(text).toMatch(/no answer from GoPay for more than 24 hours/i);
    expect(text).toMatch(/Loket keeps asking GoPay/);
    expect(text).toMatch(/stays reserved/);
    expect(text).toContain(`Contact GoPay about partnerRefundNo ${refund.partnerRefundNo}`);
    expect(text).toMatch(/do not refund it again/i);
    // It does not refresh itself for this one: the page must not claim it does.
    expect(text).not.toMatch(/updates by itself/);

    const id = await banner(order.orderId, "id");
    expect(id).toContain(refund.partnerRefundNo);
    expect(id).toMatch(/24 jam/);
  });
});
