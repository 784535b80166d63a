import { createHash, createVerify } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { control, getToken, paymentBody, snapCall, start, CREDS, Receiver, until } from "./test-client";

let rx: Receiver;
let sb: Sandbox;
let token: string;
beforeAll(async () => {
  rx = new Receiver();
  const base = await rx.listen();
  // 2 min ÷ 12000 = 10 ms, 10 min → 50 ms, 30 → 150, 90 → 450, 210 → 1050 ms
  sb = await start({ notifyUrl: `${base}/v1.0/debit/notify`, coreNotifyUrl: `${base}/webhooks/gopay`, timeScale: 12_000 });
  token = (await getToken(sb)).body.accessToken;
});
afterAll(async () => {
  await sb.close();
  await rx.close();
});
afterEach(async () => {
  await control(sb, "DELETE", "faults");
  rx.script = [];
});

const snapNotes = (ref: string) => rx.got.filter((g) => g.path === "/v1.0/debit/notify" && g.body.includes(ref));

describe("notifications", () => {
  it("signs SNAP notify with RSA over POST:/v1.0/debit/notify:<sha256 body>:<X-TIMESTAMP>", async () => {
    const c = await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("n-signed"));
    const ref = c.body.referenceNo as string;
    await control(sb, "POST", `snap/payments/${ref}/pay`, { payOption: "GOPAY_WALLET" });
    const notes = await until(() => (snapNotes(ref).length >= 2 ? snapNotes(ref) : undefined));
    const paid = notes.find((n) => JSON.parse(n.body).latestTransactionStatus === "00")!;
    const h = paid.headers;
    expect(h["x-partner-id"]).toBe(CREDS.partnerId);
    expect(h["x-external-id"]).toMatch(/^\d+$/);
    const hash = createHash("sha256").update(paid.body).digest("hex");
    const ok = createVerify("RSA-SHA256")
      .update(`POST:/v1.0/debit/notify:${hash}:${String(h["x-timestamp"])}`)
      .verify(sb.keys.notifyPublicKeyPem, Buffer.from(String(h["x-signature"]), "base64"));
    expect(ok).toBe(true);
    const body = JSON.parse(paid.body);
    expect(body).toMatchObject({ originalReferenceNo: ref, originalPartnerReferenceNo: "n-signed", amount: { value: "10000.00", currency: "IDR" } });
    expect(body.additionalInfo.userPaymentDetails[0].payOption).toBe("GOPAY_WALLET");
  });

  it("retries any non-200 answer on the scaled schedule, with the same X-EXTERNAL-ID", async () => {
    rx.script = [500, 503, 404];
    const c = await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("n-retry"));
    const ref = c.body.referenceNo as string;
    const notes = await until(() => (snapNotes(ref).length >= 4 ? snapNotes(ref) : undefined), 5000);
    expect(new Set(notes.map((n) => n.headers["x-external-id"])).size).toBe(1);
    // Gaps grow: ~10 ms, ~50 ms, ~150 ms (sweeper granularity 50 ms).
    expect(notes[3].at - notes[2].at).toBeGreaterThanOrEqual(140);
    const entry = (await control(sb, "GET", "notifications")).body.find((e: { body: string }) => e.body.includes(ref));
    expect(entry.state).toBe("delivered");
    expect(entry.attempts.map((a: { status: number }) => a.status)).toEqual([500, 503, 404, 200]);
  });

  it("gives up after 5 retries", async () => {
    rx.script = [500, 500, 500, 500, 500, 500, 500];
    const c = await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("n-giveup"));
    const ref = c.body.referenceNo as string;
    await until(() => (snapNotes(ref).length >= 6 ? true : undefined), 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(snapNotes(ref)).toHaveLength(6);
    const e = sb.ctx.notifier.outbox.find((x) => x.body.includes(ref))!;
    expect(e.state).toBe("failed");
  });

  it("duplicate-notify sends the same notification twice", async () => {
    await control(sb, "POST", "faults", { op: "notify.snap", mode: "duplicate-notify", count: 1 });
    const c = await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("n-dup"));
    const notes = await until(() => (snapNotes(c.body.referenceNo).length >= 2 ? snapNotes(c.body.referenceNo) : undefined));
    expect(notes[0].body).toBe(notes[1].body);
    expect(notes[0].headers["x-external-id"]).toBe(notes[1].headers["x-external-id"]);
  });

  it("out-of-order-notify holds one back and sends it after the next", async () => {
    const c = await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("n-ooo"));
    const ref = c.body.referenceNo as string;
    await until(() => (snapNotes(ref).length >= 1 ? true : undefined));
    await control(sb, "POST", "faults", { op: "notify.snap", mode: "out-of-order-notify", count: 1 });
    await control(sb, "POST", `snap/payments/${ref}/pay`, {}); // 00, held back
    const r = await snapCall(sb, token, "/v1.0/debit/refund", { originalReferenceNo: ref, originalPartnerReferenceNo: "n-ooo", partnerRefundNo: "n-ooo-r" }); // 04
    expect(r.body.responseCode).toBe("2005800");
    const notes = await until(() => (snapNotes(ref).length >= 3 ? snapNotes(ref) : undefined));
    expect(notes.map((n) => JSON.parse(n.body).latestTransactionStatus)).toEqual(["03", "04", "00"]);
  });

  it("Core payment notifications carry signature_key = sha512(order_id+status_code+gross_amount+server_key); pay-account changes notify", async () => {
    const acc = await (await fetch(`${sb.url}/v2/pay/account`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from(`${CREDS.serverKey}:`).toString("base64")}` },
      body: JSON.stringify({ payment_type: "gopay", gopay_partner: { phone_number: "6281200000011", country_code: "62" } }),
    })).json() as { account_id: string };
    await control(sb, "POST", `pay-accounts/${acc.account_id}/complete`);
    await control(sb, "POST", `pay-accounts/${acc.account_id}/phone-change`);
    const accNotes = await until(() => {
      const n = rx.got.filter((g) => g.path === "/webhooks/gopay" && g.body.includes(acc.account_id));
      return n.length >= 2 ? n : undefined;
    });
    expect(accNotes.map((n) => JSON.parse(n.body).account_status)).toEqual(["ENABLED", "DISABLED"]);
    // The reason travels in status_message only; a customer's in-app unlink says so differently.
    expect(accNotes.map((n) => JSON.parse(n.body).status_message)).toEqual(["Midtrans account_linked notification", "Midtrans account phone number changed"]);
    expect(Object.keys(JSON.parse(accNotes[1]!.body)).sort()).toEqual(Object.keys(JSON.parse(accNotes[0]!.body)).sort());

    const sbState = sb.ctx.state;
    const account = sbState.payAccounts.find((a) => a.accountId === acc.account_id)!;
    account.status = "ENABLED"; // re-enable directly to charge once more
    const charge = await (await fetch(`${sb.url}/v2/charge`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from(`${CREDS.serverKey}:`).toString("base64")}` },
      body: JSON.stringify({ payment_type: "gopay", transaction_details: { order_id: "n-core-1", gross_amount: 12345 }, gopay: { account_id: acc.account_id, payment_option_token: account.tokens.GOPAY_WALLET } }),
    })).json() as { status_code: string };
    expect(charge.status_code).toBe("200");
    const note = await until(() => rx.got.find((g) => g.path === "/webhooks/gopay" && g.body.includes("n-core-1")));
    const body = JSON.parse(note.body);
    const expected = createHash("sha512").update(`n-core-1200${"12345.00"}${CREDS.serverKey}`).digest("hex");
    expect(body).toMatchObject({ transaction_status: "settlement", status_code: "200", gross_amount: "12345.00", signature_key: expected });
  });
});
