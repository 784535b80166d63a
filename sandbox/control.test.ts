import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { control, getToken, paymentBody, snapCall, start } from "./test-client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

describe("control API and page", () => {
  it("lists 20 seeded customers with auth codes, tokens, account ids and balances", async () => {
    const customers = (await control(sb, "GET", "customers")).body as { phone: string; authCode: string; authToken: string; gopayAccountId: string; balances: Record<string, number> }[];
    expect(customers).toHaveLength(20);
    for (const c of customers) {
      expect(c.phone).toMatch(/^62812\d+$/);
      expect(c.authCode && c.authToken && c.gopayAccountId).toBeTruthy();
      expect(Object.keys(c.balances)).toEqual(["GOPAY_WALLET", "PAY_LATER", "GOPAY_SAVINGS"]);
    }
  });

  it("logs requests with secrets redacted and filters by op; reset clears state", async () => {
    const token = (await getToken(sb)).body.accessToken;
    await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("ctl-1"));
    const log = (await control(sb, "GET", "requests?op=snap.payment")).body;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: "POST", path: "/v1.0/debit/payment-host-to-host", status: 200, responseCode: "2005400" });
    expect(log[0].headers.authorization).toBe("Bearer [redacted]");
    expect((await control(sb, "GET", "requests?op=snap.token")).body).toHaveLength(1);
    expect((await control(sb, "GET", "state")).body.snapPayments).toEqual({ "03 Pending": 1 });
    await control(sb, "POST", "reset");
    expect((await control(sb, "GET", "state")).body).toMatchObject({ snapPayments: {}, requests: 0 });
  });

  it("the page lists payments and its no-JS form buttons act and redirect back", async () => {
    const token = (await getToken(sb)).body.accessToken;
    const c = await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("page-1", "12500.00"));
    const html = await (await fetch(`${sb.url}/`)).text();
    expect(html).toContain("page-1");
    expect(html).toContain("Rp 12.500");
    const res = await fetch(`${sb.url}/_sandbox/snap/payments/${c.body.referenceNo}/pay`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "payOption=GOPAY_SAVINGS&back=%2F",
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/?msg=Done.");
    expect(sb.ctx.state.snapPayments[0]).toMatchObject({ status: "00", payOption: "GOPAY_SAVINGS" });
    const payPage = await (await fetch(c.body.webRedirectUrl)).text();
    expect(payPage).toContain("page-1");
  });

  it("control errors are sentences with a 4xx", async () => {
    const r = await control(sb, "POST", "snap/payments/nope/pay", {});
    expect(r.status).toBe(409);
    expect(r.body.error).toBe("No SNAP payment nope");
    expect((await control(sb, "POST", "coins/top-up", { rupiah: -5 })).status).toBe(400);
    expect((await control(sb, "GET", "nothing-here")).status).toBe(404);
  });

  it("a snapshot file keeps state across a restart", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sbx-")), "state.json");
    const a = await start({ snapshotFile: file });
    const token = (await getToken(a)).body.accessToken;
    await snapCall(a, token, "/v1.0/debit/payment-host-to-host", paymentBody("snap-keep"));
    await control(a, "POST", "coins/top-up", { rupiah: 1000 });
    await a.close();
    const b = await start({ snapshotFile: file });
    try {
      expect(b.ctx.state.snapPayments.map((p) => p.partnerReferenceNo)).toEqual(["snap-keep"]);
      expect(b.ctx.state.coinWalletRupiah).toBe(5_001_000);
      expect((await getToken(b, { privatePem: a.keys.merchantPrivateKeyPem })).status).toBe(401); // b has other keys
    } finally {
      await b.close();
    }
  });
});
