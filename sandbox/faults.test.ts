import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Faults } from "./faults";
import { type Sandbox } from "./server";
import { control, coreCall, getToken, paymentBody, snapCall, start } from "./test-client";

let sb: Sandbox;
let token: string;
let rolls: number[] = [];
beforeAll(async () => {
  // why: a scripted random source makes probability faults deterministic
  sb = await start({ random: () => rolls.shift() ?? 0.99 });
  token = (await getToken(sb)).body.accessToken;
});
afterAll(() => sb.close());
afterEach(async () => {
  await control(sb, "DELETE", "faults");
});

const PAY = "/v1.0/debit/payment-host-to-host";

describe("fault injection", () => {
  it("http503/504/500 answer in each API's format for the next N calls, then normal service", async () => {
    await control(sb, "POST", "faults", { op: "snap.payment", mode: "http504", count: 1 });
    const a = await snapCall(sb, token, PAY, paymentBody("f-504"));
    expect(a.status).toBe(504);
    expect(a.body.responseCode).toBe("5045400");
    const b = await snapCall(sb, token, PAY, paymentBody("f-504b"));
    expect(b.body.responseCode).toBe("2005400");

    await control(sb, "POST", "faults", { op: "core.status", mode: "http503", count: 2 });
    expect((await coreCall(sb, "GET", "/v2/x/status")).body.status_code).toBe("503");
    expect((await coreCall(sb, "GET", "/v2/x/status")).status).toBe(503);
    expect((await coreCall(sb, "GET", "/v2/x/status")).status).toBe(404);

    await control(sb, "POST", "faults", { op: "*", mode: "http500", count: 1 });
    const m = await fetch(`${sb.url}/v1/mini-apps/users/profile`);
    expect(m.status).toBe(500);
    expect(await m.json()).toMatchObject({ success: false, error: { code: "900" } });
  });

  it("drop-before: the connection dies and nothing is applied", async () => {
    await control(sb, "POST", "faults", { op: "snap.payment", mode: "drop-before", count: 1 });
    await expect(snapCall(sb, token, PAY, paymentBody("f-drop-before"), { externalId: "ext-db" })).rejects.toThrow();
    expect(sb.ctx.state.snapPayments.some((p) => p.partnerReferenceNo === "f-drop-before")).toBe(false);
    const retry = await snapCall(sb, token, PAY, paymentBody("f-drop-before"), { externalId: "ext-db" });
    expect(retry.body.responseCode).toBe("2005400");
  });

  it("drop-after: applied but unanswered; a retry with the same X-EXTERNAL-ID gets the stored response", async () => {
    const paid = await snapCall(sb, token, PAY, paymentBody("f-drop-after"));
    await control(sb, "POST", `snap/payments/${paid.body.referenceNo}/pay`, {});
    await control(sb, "POST", "faults", { op: "snap.refund", mode: "drop-after", count: 1 });
    const body = { originalReferenceNo: paid.body.referenceNo, originalPartnerReferenceNo: "f-drop-after", partnerRefundNo: "f-rf-1", refundAmount: { value: "1000.00", currency: "IDR" } };
    await expect(snapCall(sb, token, "/v1.0/debit/refund", body, { externalId: "ext-da" })).rejects.toThrow();
    const p = sb.ctx.state.snapPayments.find((x) => x.partnerReferenceNo === "f-drop-after")!;
    expect(p.refunds).toHaveLength(1);
    const retry = await snapCall(sb, token, "/v1.0/debit/refund", body, { externalId: "ext-da" });
    expect(retry.body).toMatchObject({ responseCode: "2005800", partnerRefundNo: "f-rf-1" });
    expect(p.refunds).toHaveLength(1);
    const log = (await control(sb, "GET", "requests?op=snap.refund")).body;
    expect(log.map((r: { status: unknown }) => r.status)).toEqual(["dropped", 200]);
    expect(JSON.stringify(log)).not.toContain(token); // secrets redacted
  });

  it("latency delays the answer", async () => {
    await control(sb, "POST", "faults", { op: "core.status", mode: "latency", latencyMs: 300, count: 1 });
    const t0 = Date.now();
    await coreCall(sb, "GET", "/v2/x/status");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it("probability rules fire by chance and stay until cleared; bad rules are refused", async () => {
    await control(sb, "POST", "faults", { op: "core.status", mode: "http500", probability: 0.5 });
    rolls = [0.1, 0.9, 0.2];
    expect((await coreCall(sb, "GET", "/v2/x/status")).status).toBe(500);
    expect((await coreCall(sb, "GET", "/v2/x/status")).status).toBe(404);
    expect((await coreCall(sb, "GET", "/v2/x/status")).status).toBe(500);
    expect((await control(sb, "GET", "faults")).body).toHaveLength(1);
    const bad = await control(sb, "POST", "faults", { op: "snap.payment", mode: "explode" });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("mode must be one of");
  });

  it("Faults.fire consumes counts", () => {
    const f = new Faults(() => 0);
    f.add({ op: "a", mode: "http500", count: 2 });
    expect(f.fire("b", "http500")).toBeUndefined();
    expect(f.fire("a", "http503")).toBeUndefined();
    expect(f.fire("a", "http500")).toBeDefined();
    expect(f.fire("a", "http500")).toBeDefined();
    expect(f.fire("a", "http500")).toBeUndefined();
  });

  it("a rule with a match fires only for a request whose body contains it; others pass untouched", async () => {
    await control(sb, "POST", "faults", { op: "snap.payment", mode: "http503", count: 1, match: "f-match-target" });
    const other = await snapCall(sb, token, PAY, paymentBody("f-match-other"));
    expect(other.body.responseCode).toBe("2005400");
    const hit = await snapCall(sb, token, PAY, paymentBody("f-match-target"));
    expect(hit.status).toBe(503);
    const again = await snapCall(sb, token, PAY, paymentBody("f-match-target"));
    expect(again.body.responseCode).toBe("2005400");
    expect((await control(sb, "POST", "faults", { op: "snap.payment", mode: "http503", match: "" })).status).toBe(400);
  });

  it("Faults.fire: a match needs a subject that contains it", () => {
    const f = new Faults(() => 0);
    f.add({ op: "a", mode: "drop-after", count: 1, match: "needle" });
    expect(f.fire("a", "drop-after")).toBeUndefined();
    expect(f.fire("a", "drop-after", "hay")).toBeUndefined();
    expect(f.fire("a", "drop-after", "hay needle hay")).toBeDefined();
    expect(f.fire("a", "drop-after", "hay needle hay")).toBeUndefined();
  });
});
