import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { control, getToken, paymentBody, snapCall, start, Receiver, until } from "./test-client";

/** The two controls reconciliation's tests use: a lost notification (drop-notify) and a refund behind the merchant's back. */
let rx: Receiver;
let sb: Sandbox;
let token: string;
beforeAll(async () => {
  rx = new Receiver();
  const base = await rx.listen();
  sb = await start({
    notifyUrl: `${base}/v1.0/debit/notify`,
    coreNotifyUrl: `${base}/webhooks/gopay`,
    timeScale: 12_000,
  });
  token = (await getToken(sb)).body.accessToken;
});
afterAll(async () => {
  await sb.close();
  await rx.close();
});

const paidNotes = (ref: string) =>
  rx.got.filter(
    (g) =>
      g.path === "/v1.0/debit/notify" &&
      g.body.includes(ref) &&
      JSON.parse(g.body).latestTransactionStatus === "00",
  );

describe("reconciliation controls", () => {
  it("drop-notify loses the next notification on notify.snap for good; the one after is sent", async () => {
    const a = (await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("drop-a"))).body
      .referenceNo as string;
    const b = (await snapCall(sb, token, "/v1.0/debit/payment-host-to-host", paymentBody("drop-b"))).body
      .referenceNo as string;
    await new Promise((r) => setTimeout(r, 100)); // the pending notifications go out first
    expect(
      (await control(sb, "POST", "faults", { op: "notify.snap", mode: "drop-notify", count: 1 })).status,
    ).toBe(200);
    await control(sb, "POST", `snap/payments/${a}/pay`, {});
    await control(sb, "POST", `snap/payments/${b}/pay`, {});
    await until(() => (paidNotes(b).length ? true : undefined));
    await control(sb, "POST", "tick");
    expect(paidNotes(a)).toHaveLength(0);
    const outbox = (await control(sb, "GET", "notifications")).body as { state: string; body: string }[];
    expect(outbox.filter((e) => e.state === "dropped" && e.body.includes(a))).toHaveLength(1);
  });

  it("refund-behind refunds at GoPay without a notification; the status query shows it", async () => {
    const c = await snapCall(
      sb,
      token,
      "/v1.0/debit/payment-host-to-host",
      paymentBody("behind-1", "20000.00"),
    );
    const ref = c.body.referenceNo as string;
    await control(sb, "POST", `snap/payments/${ref}/pay`, {});
    await until(() => (paidNotes(ref).length ? true : undefined));
    const before = rx.got.length;
    expect(
      (await control(sb, "POST", `snap/payments/${ref}/refund-behind`, { amountSen: 500_000 })).status,
    ).toBe(200);
    await control(sb, "POST", "tick");
    await new Promise((r) => setTimeout(r, 100));
    expect(rx.got.length).toBe(before);
    const p = sb.ctx.state.snapPayments.find((x) => x.referenceNo === ref)!;
    expect(p.status).toBe("04");
    expect(p.refunds.map((r) => r.amountSen)).toEqual([500_000]);
    expect(
      (await control(sb, "POST", `snap/payments/${ref}/refund-behind`, { amountSen: 5_000_000 })).status,
    ).toBe(409);
    expect((await control(sb, "POST", "core/transactions/nope/refund-behind", {})).status).toBe(409);
  });
});
