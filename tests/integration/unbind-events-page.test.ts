import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "~/db/rows.server";
import { listUnbindEvents, parseUnbindFilters } from "~/services/accounts/unbind-events.server";
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

describe("unbind events pages", () => {
  it("one account's two unbinds at the same instant both appear, a page boundary between them", async () => {
    const [acc] = await rows<{ id: string }>(
      t.db,
      sql`insert into pay_accounts (account_id, phone, status) values ('same-instant-acc', '6281399990000', 'DISABLED') returning id`,
    );
    // One transaction's now(): the same `at` for both (the cursor once tied them on the account's id).
    await t.db.execute(sql`
      insert into pay_account_events (pay_account_id, at, kind, source, status_before, status_after)
      values (${acc!.id}::uuid, '2026-03-10 10:00:00+07', 'unbind', 'staff', 'ENABLED', 'DISABLED'),
             (${acc!.id}::uuid, '2026-03-10 10:00:00+07', 'unbind', 'gopay', 'ENABLED', 'DISABLED')`);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await listUnbindEvents(t.db, { ...parseUnbindFilters(new URLSearchParams("q=same-instant-acc")).filters, after }, 1);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.olderCursor) break;
      after = page.olderCursor;
    }
    expect(seen).toHaveLength(2);
    expect(new Set(seen).size).toBe(2);
  });
});
