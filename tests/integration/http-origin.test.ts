import { eq } from "drizzle-orm";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staff } from "~db/schema";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";
import { ROUTE_MATRIX, type IntentAction } from "./route-matrix.table";

const t = useTestDb();
let app: HttpApp;
let adminCookie: string;

beforeAll(async () => {
  app = await startHttpApp();
  adminCookie = (await makeStaff(t.db, "admin")).cookie;
});
afterAll(async () => app?.close());

/** Every form endpoint (staff pages, login, logout): route-matrix entries with an action that is not the API or a webhook. */
const FORM_ENDPOINTS = Object.entries(ROUTE_MATRIX)
  .filter(([, e]) => e.action !== undefined && e.action !== "api-key" && e.action !== "signature")
  .map(([file, e]) => {
    const a = e.action!;
    const form = typeof a === "string" ? (e.form ?? {}) : { intent: Object.keys((a as IntentAction).intents)[0]!, ...((a as IntentAction).forms?.[Object.keys((a as IntentAction).intents)[0]!] ?? {}) };
    return { file, path: e.path, form };
  });

function post(path: string, form: Record<string, string>, headers: Record<string, string>) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: adminCookie, ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

describe("cross-site POSTs to form endpoints (through the real Express server)", () => {
  it("covers every form endpoint of the route matrix", () => {
    expect(FORM_ENDPOINTS.length).toBeGreaterThanOrEqual(10);
    expect(FORM_ENDPOINTS.map((e) => e.file)).toEqual(expect.arrayContaining(["_auth.login.tsx", "logout.tsx", "_app.settings.staff.tsx", "_app.orders.$orderId.tsx"]));
  });

  const port = () => new URL(app.url).port;
  const foreign: Array<[string, () => Record<string, string>]> = [
    ["a foreign Origin", () => ({ Origin: "https://evil.example" })],
    ["Origin: null", () => ({ Origin: "null" })],
    ["a look-alike host (our host as a prefix)", () => ({ Origin: `http://127.0.0.1.evil.example:${port()}` })],
    ["our host on another scheme", () => ({ Origin: `https://127.0.0.1:${port()}` })],
    ["our host on another port", () => ({ Origin: `http://127.0.0.1:${Number(port()) + 1}` })],
    ["no Origin and a foreign Referer", () => ({ Referer: "https://evil.example/form" })],
    ["no Origin and a look-alike Referer", () => ({ Referer: `http://127.0.0.1:${port()}.evil.example/settings` })],
    ["neither Origin nor Referer", () => ({})],
  ];

  for (const [label, headers] of foreign) {
    it(`${label}: 403 with our error page on every form endpoint, never a 500`, async () => {
      const wrong: string[] = [];
      for (const e of FORM_ENDPOINTS) {
        const res = await post(e.path, e.form, headers());
        const body = await res.text();
        if (res.status !== 403 || !body.includes('data-testid="error-page"') || !/>[^<]*\b403<\/p>/.test(body)) {
          wrong.push(`${e.file} (${e.path}): ${res.status}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it("a refused POST changes nothing: creating a staff member from a foreign origin creates no one", async () => {
    const email = "csrf-victim@loket.test";
    const form = { intent: "create", email, name: "Mallory", role: "admin", password: "correct horse battery staple" };
    const res = await post("/settings/staff", form, { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await t.db.select().from(staff).where(eq(staff.email, email))).toEqual([]);
  });

  it("our own Origin (or, without Origin, our Referer) passes the check and reaches the action", async () => {
    for (const headers of [{ Origin: app.url }, { Referer: `${app.url}/settings/staff` }] as Array<Record<string, string>>) {
      // An unknown intent: the action itself answers (400), so the request got through.
      const res = await post("/settings/staff", { intent: "no-such-intent" }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(400);
    }
  });

  it("an exempt prefix does not exempt a path that resolves elsewhere (/api/../settings/staff)", async () => {
    const { hostname, port } = new URL(app.url);
    for (const p of ["/api/../settings/staff", "/API/v1/%2e%2e/%2e%2e/settings/staff", "/webhooks/../settings/staff"]) {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: hostname, port, path: p, method: "POST", headers: { Origin: "https://evil.example", Cookie: adminCookie, "Content-Type": "application/x-www-form-urlencoded" } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end("intent=create&email=mallory%40evil.example&name=M&role=admin&password=correct+horse+battery+staple");
      });
      expect(status, p).toBe(403);
    }
  });

  it("GET is not checked, and the merchant API and webhooks are not form endpoints (they authenticate otherwise)", async () => {
    expect((await fetch(`${app.url}/login`, { headers: { Origin: "https://evil.example" } })).status).toBe(200);
    const api = await fetch(`${app.url}/api/v1/payments`, { method: "POST", headers: { Origin: "https://evil.example", "Content-Type": "application/json" }, body: "{}" });
    expect(api.status).toBe(401);
    const hook = await fetch(`${app.url}/webhooks/gopay`, { method: "POST", headers: { Origin: "https://evil.example", "Content-Type": "application/json" }, body: "{}" });
    expect(hook.status).not.toBe(403);
    expect(hook.status).toBeLessThan(500);
  });
});
