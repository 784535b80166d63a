import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "../support/db";
import { BROWSER_LANGUAGE, makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/** /accounts/unbind-events offers its CSV only while the filters are valid: the export refuses the others with a 400 text. */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => {
  await app.close();
});

const get = (path: string, cookie: string) => fetch(`${app.url}${path}`, { headers: { Cookie: cookie, "Accept-Language": BROWSER_LANGUAGE }, redirect: "manual" });

describe("/accounts/unbind-events export link", () => {
  it("links the export with the list's filters (no page cursor), and shows no link while a filter is invalid", async () => {
    const support = await makeStaff(t.db, "support");
    const ok = await (await get(`/accounts/unbind-events?source=customer_app&after=x`, support.cookie)).text();
    expect(ok).toContain(`href="/accounts/unbind-events.csv?source=customer_app"`);
    const badPage = await get(`/accounts/unbind-events?from=abc`, support.cookie);
    expect(badPage.status).toBe(200);
    const bad = await badPage.text();
    expect(bad).toContain('aria-invalid="true"'); // the date's error at the field
    expect(bad).not.toContain("/accounts/unbind-events.csv");
    // What the link would have downloaded.
    expect((await get(`/accounts/unbind-events.csv?from=abc`, support.cookie)).status).toBe(400);
  });
});
