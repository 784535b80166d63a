import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../support/db";
import { BROWSER_LANGUAGE, makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/**
 * /holds/bulk-release is where the /holds page posts each hold of a bulk release. A person can
 * still open the address in a browser (a reload, the history, a pasted link): they must land on
 * the holds page with its filters, never on a bare JSON or "no loader" error. Through the real
 * Express server and route modules, as a browser asks (Accept: text/html, no redirect followed).
 */
const t = useTestDb();
let app: HttpApp;
let finance: string;
let campaigns: string;

beforeAll(async () => {
  app = await startHttpApp();
  finance = (await makeStaff(t.db, "finance")).cookie;
  campaigns = (await makeStaff(t.db, "campaigns")).cookie;
});
afterAll(async () => app?.close());

const open = (path: string, cookie?: string) =>
  fetch(`${app.url}${path}`, {
    redirect: "manual",
    headers: {
      Accept: "text/html,application/xhtml+xml",
      "Accept-Language": BROWSER_LANGUAGE,
      ...(cookie ? { Cookie: cookie } : {}),
    },
  });

describe("opening /holds/bulk-release in a browser", () => {
  it("sends finance to /holds", async () => {
    const res = await open("/holds/bulk-release", finance);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/holds");
    expect(res.headers.get("Content-Type") ?? "").not.toContain("json");
  });

  it("keeps the list's view and filters, and drops what /holds does not read", async () => {
    const res = await open(
      "/holds/bulk-release?view=expiring&status=authorised&min=10.000&toast=abc&page=2",
      finance,
    );
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("Location")!, app.url);
    expect(to.pathname).toBe("/holds");
    expect(Object.fromEntries(to.searchParams)).toEqual({
      view: "expiring",
      status: "authorised",
      min: "10.000",
    });
  });

  it("lands on a real holds page when followed", async () => {
    const res = await fetch(`${app.url}/holds/bulk-release?status=authorised`, {
      headers: { Accept: "text/html", "Accept-Language": BROWSER_LANGUAGE, Cookie: finance },
    });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${app.url}/holds?status=authorised`);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("<title>Holds");
  });

  it("signed out: to the sign-in page, which comes back here (and so to /holds) afterwards", async () => {
    const res = await open("/holds/bulk-release");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(
      `/login?redirectTo=${encodeURIComponent("/holds/bulk-release")}`,
    );
  });

  it("a role without holds: sent to /holds, whose page says it is not allowed (not a bare error here)", async () => {
    const res = await open("/holds/bulk-release", campaigns);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/holds");
    const page = await open("/holds", campaigns);
    expect(page.status).toBe(403);
    expect(page.headers.get("Content-Type")).toContain("text/html");
  });

  it("a POST from the page still answers JSON, one result per hold", async () => {
    const res = await fetch(`${app.url}/holds/bulk-release`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
        Origin: app.url,
        Cookie: finance,
        "Accept-Language": BROWSER_LANGUAGE,
      },
      body: new URLSearchParams({
        intent: "release",
        holdId: "00000000-0000-4000-8000-000000000001",
        idempotencyKey: crypto.randomUUID(),
        reason: "no such hold",
      }).toString(),
    });
    expect(res.headers.get("Content-Type")).toContain("json");
    const body = (await res.json()) as { status: string; message: string };
    expect(body.status).toBe("refused");
    expect(body.message).toBeTruthy();
  });
});
