import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox } from "./server";
import { CREDS, control, miniCall, start } from "./test-client";

let sb: Sandbox;
const basic = `Basic ${Buffer.from(`${CREDS.miniappClientId}:${CREDS.miniappClientSecret}`).toString("base64")}`;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

async function tokenFor(customerId: string): Promise<string> {
  const code = await control(sb, "POST", "miniapp/auth-codes", { customerId });
  const r = await miniCall(sb, "POST", "/v1/mini-apps/authorizations/token", basic, {
    auth_code: code.body.auth_code,
  });
  expect(r.body.success).toBe(true);
  return `Bearer ${r.body.data.auth_token}`;
}

describe("mini-app APIs", () => {
  it("exchanges an auth code once; seeded codes are reusable; wrong credential is 401", async () => {
    const code = (await control(sb, "POST", "miniapp/auth-codes", { customerId: "cust-02" })).body.auth_code;
    const first = await miniCall(sb, "POST", "/v1/mini-apps/authorizations/token", basic, {
      auth_code: code,
    });
    expect(first.body.data.gopay_account_id).toBe("GPA-100002");
    const second = await miniCall(sb, "POST", "/v1/mini-apps/authorizations/token", basic, {
      auth_code: code,
    });
    expect(second.status).toBe(404);
    expect(second.body.error.description).toBe("AuthCode Not Found");
    const seeded = await miniCall(sb, "POST", "/v1/mini-apps/authorizations/token", basic, {
      auth_code: "AC-cust-03",
    });
    expect(seeded.body.success).toBe(true);
    const wrong = await miniCall(sb, "POST", "/v1/mini-apps/authorizations/token", "Basic d3Jvbmc6d3Jvbmc=", {
      auth_code: "AC-cust-03",
    });
    expect(wrong.status).toBe(401);
  });

  it("a generated auth code expires after 6 minutes", async () => {
    const code = (await control(sb, "POST", "miniapp/auth-codes", { customerId: "cust-04" })).body.auth_code;
    await control(sb, "POST", "clock", { advanceSeconds: 361 });
    const r = await miniCall(sb, "POST", "/v1/mini-apps/authorizations/token", basic, { auth_code: code });
    expect(r.status).toBe(404);
  });

  it("profile needs Request-Id and the user's token", async () => {
    const auth = await tokenFor("cust-01");
    const p = await miniCall(sb, "GET", "/v1/mini-apps/users/profile", auth, undefined, "rq-profile-1");
    expect(p.body.data).toMatchObject({ phone_number: "+6281200000001" });
    expect((await miniCall(sb, "GET", "/v1/mini-apps/users/profile", auth)).status).toBe(400);
    expect(
      (await miniCall(sb, "GET", "/v1/mini-apps/users/profile", "Bearer nope", undefined, "rq-x")).status,
    ).toBe(401);
  });

  it("cashback: Request-Id replay pays once; above the coin wallet fails and pays nothing; /rewards alias", async () => {
    const auth = await tokenFor("cust-06");
    const start = (await control(sb, "GET", "miniapp")).body.coinWalletRupiah as number;
    const body = {
      amount: { value: 25000, currency: "IDR" },
      description: "Thanks",
      reward_type: "GOPAY_COINS",
    };
    const a = await miniCall(sb, "POST", "/v1/mini-apps/cashback", auth, body, "rq-cb-1");
    const b = await miniCall(sb, "POST", "/v1/mini-apps/cashback", auth, body, "rq-cb-1");
    expect(b.body).toEqual(a.body);
    expect((await control(sb, "GET", "miniapp")).body.coinWalletRupiah).toBe(start - 25000);
    const big = await miniCall(
      sb,
      "POST",
      "/v1/mini-apps/rewards",
      auth,
      { ...body, amount: { value: start, currency: "IDR" } },
      "rq-cb-2",
    );
    expect(big.status).toBe(422);
    expect(big.body.error.code).toBe("40005");
    expect((await control(sb, "GET", "miniapp")).body.coinWalletRupiah).toBe(start - 25000);
    await control(sb, "POST", "coins/top-up", { rupiah: 25000 });
    const ok = await miniCall(
      sb,
      "POST",
      "/v1/mini-apps/rewards",
      auth,
      { ...body, amount: { value: start, currency: "IDR" } },
      "rq-cb-3",
    );
    expect(ok.body.success).toBe(true);
    expect((await control(sb, "GET", "miniapp")).body.coinWalletRupiah).toBe(0);
    const frac = await miniCall(
      sb,
      "POST",
      "/v1/mini-apps/cashback",
      auth,
      { ...body, amount: { value: 10.5, currency: "IDR" } },
      "rq-cb-4",
    );
    expect(frac.status).toBe(400);
  });

  it("reminders and pushes check templates and parameters", async () => {
    const auth = await tokenFor("cust-07");
    const description = "Your order is waiting for payment, finish it in the app now ok"; // 62 chars
    const r = await miniCall(sb, "PUT", "/v1/mini-apps/reminder", auth, {
      template_name: "LOKET_PAYMENT_REMINDER",
      template_parameters: { description, cta: "Pay now" },
    });
    expect(r.body.data.reminder_id).toBeTruthy();
    const short = await miniCall(sb, "PUT", "/v1/mini-apps/reminder", auth, {
      template_name: "LOKET_PAYMENT_REMINDER",
      template_parameters: { description: "too short", cta: "Pay now" },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.description).toContain("description");
    const missing = await miniCall(
      sb,
      "POST",
      "/v1/mini-apps/notifications/push",
      auth,
      { template_name: "HK_PDS_NOTIFY", template_parameters: { title: "Hi" } },
      "rq-pn-1",
    );
    expect(missing.body.error.description).toBe("Missing template parameter: body");
    const unknown = await miniCall(
      sb,
      "POST",
      "/v1/mini-apps/notifications/push",
      auth,
      { template_name: "NOPE", template_parameters: {} },
      "rq-pn-2",
    );
    expect(unknown.body.error.code).toBe("40003");
    const del = await miniCall(sb, "DELETE", `/v1/mini-apps/reminder/${r.body.data.reminder_id}`, auth);
    expect(del.body.success).toBe(true);
    expect(
      (await miniCall(sb, "DELETE", `/v1/mini-apps/reminder/${r.body.data.reminder_id}`, auth)).status,
    ).toBe(404);
  });

  it("pushes: the same Request-Id is one effect; counters and a bounded log, not every push in memory", async () => {
    const users = (await control(sb, "POST", "miniapp/users", { count: 3 })).body as {
      id: string;
      authToken: string;
    }[];
    expect(users).toHaveLength(3);
    const before = (await control(sb, "GET", "miniapp/effects")).body.total as number;
    const params = {
      template_name: "HK_PDS_NOTIFY",
      template_parameters: { title: "Hi", body: "Your order shipped" },
    };
    for (const u of users) {
      const auth = `Bearer ${u.authToken}`;
      expect(
        (await miniCall(sb, "POST", "/v1/mini-apps/notifications/push", auth, params, `rq-camp-${u.id}`)).body
          .success,
      ).toBe(true);
      expect(
        (await miniCall(sb, "POST", "/v1/mini-apps/notifications/push", auth, params, `rq-camp-${u.id}`)).body
          .success,
      ).toBe(true);
    }
    const fx = (await control(sb, "GET", "miniapp/effects")).body;
    expect(fx.total - before).toBe(3);
    expect(fx.duplicates).toEqual([]);
    expect(fx.pushStats.replays).toBeGreaterThanOrEqual(3);
    expect((await control(sb, "GET", `miniapp/effects/rq-camp-${users[0]!.id}`)).body.count).toBe(1);
    for (let i = 0; i < 1_100; i++)
      await miniCall(
        sb,
        "POST",
        "/v1/mini-apps/notifications/push",
        `Bearer ${users[1]!.authToken}`,
        params,
        `rq-many-${i}`,
      );
    const mini = (await control(sb, "GET", "miniapp")).body;
    expect(mini.pushes.length).toBeLessThanOrEqual(1_000);
    expect((await control(sb, "GET", "state")).body.pushes).toBeGreaterThanOrEqual(1_103);
  });
});
