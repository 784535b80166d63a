import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { startHttpApp, rawPost, type HttpApp } from "./http-server";
import { makeApiKey } from "./merchant-api-helpers";

const t = useTestDb();
let app: HttpApp;
let adminCookie: string;
let apiKey: string;

beforeAll(async () => {
  app = await startHttpApp();
  adminCookie = (await makeStaff(t.db, "admin")).cookie;
  apiKey = (await makeApiKey(t.db, "limits")).key;
});
afterAll(async () => app?.close());

const MB = 1024 * 1024;
const form = () => ({ Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" });
const api = () => ({ Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json", "Idempotency-Key": randomUUID() });

describe("body size limits (forms and merchant API)", () => {
  it("a signed-out 50 MB form post with Content-Length: 413 before the body is read", async () => {
    const res = await rawPost(`${app.url}/settings/staff`, { headers: form(), total: 50 * MB, declareLength: true });
    expect(res.status).toBe(413);
    expect(res.body).toContain('data-testid="error-page"');
    // What the client wrote before the answer came: the local socket buffers, not 50 MB.
    expect(res.sent).toBeLessThan(10 * MB);
  });

  it("a chunked 50 MB form post (no Content-Length), signed in: 413 after the limit, not after 50 MB", async () => {
    const res = await rawPost(`${app.url}/settings/staff`, { headers: { ...form(), Cookie: adminCookie }, total: 50 * MB });
    expect(res.status).toBe(413);
    expect(res.sent).toBeLessThan(10 * MB);
  });

  it("a chunked 50 MB form post, signed out: refused (sign-in redirect, 401 or 413) without reading 50 MB", async () => {
    const res = await rawPost(`${app.url}/settings/staff`, { headers: form(), total: 50 * MB });
    expect([302, 401, 413]).toContain(res.status);
    expect(res.sent).toBeLessThan(10 * MB);
  });

  it("30 MB of JSON to the merchant API: 413 in the API's error shape, with and without Content-Length", async () => {
    for (const declareLength of [true, false]) {
      const res = await rawPost(`${app.url}/api/v1/payments`, { headers: api(), total: 30 * MB, declareLength, chunk: Buffer.alloc(16 * 1024, " ") });
      expect(res.status, `declareLength=${declareLength}`).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: "payload_too_large" } });
      expect(res.sent).toBeLessThan(10 * MB);
    }
  });

  it("a form under the limit is still read (the staff action answers its own 400 for an unknown intent)", async () => {
    const body = new URLSearchParams({ intent: "no-such-intent", padding: "x".repeat(40 * 1024) }).toString();
    const res = await fetch(`${app.url}/settings/staff`, { method: "POST", headers: { ...form(), Cookie: adminCookie }, body });
    expect(res.status).toBe(400);
  });
});

describe("NUL bytes (Postgres refuses U+0000 in text)", () => {
  it("in the path or the query: 400, never a 500", async () => {
    for (const p of ["/orders/ORD%00X", "/orders?q=%00", "/orders?q=abc%00def", "/accounts/A%00"]) {
      const res = await fetch(`${app.url}${p}`, { headers: { Cookie: adminCookie }, redirect: "manual" });
      expect(res.status, p).toBe(400);
      expect(await res.text(), p).toContain('data-testid="error-page"');
    }
    const res = await fetch(`${app.url}/api/v1/payments?x=%00`, { method: "POST", headers: api(), body: "{}" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "nul_byte" } });
  });

  it("in a form field: 400, never a 500", async () => {
    for (const body of ["email=a%00b%40loket.test&password=x", `email=a${"\0"}b&password=x`]) {
      const res = await fetch(`${app.url}/login`, { method: "POST", headers: form(), body });
      expect(res.status).toBe(400);
    }
  });

  it("in a merchant API JSON string: 400 invalid_json, never a 500", async () => {
    const body = JSON.stringify({ order_id: `ORD-${randomUUID().slice(0, 8)}`, amount: "1000", customer: { merchant_user_id: "u-nul", name: "Sari\u0000Dewi" } });
    const res = await fetch(`${app.url}/api/v1/payments`, { method: "POST", headers: api(), body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_json" } });
  });
});
