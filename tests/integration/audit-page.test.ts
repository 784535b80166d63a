import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rows } from "~/db/rows.server";
import { audit, type AuditAction } from "~/services/audit.server";
import { describeTargets, summarise, targetOf } from "~/services/audit-view.server";
import { listAudit } from "~/services/audit.server";
import { useTestDb } from "../support/db";
import { insertHold, insertOrder, insertRefund } from "../support/factories";
import { BROWSER_LANGUAGE, makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/** Issue 11 (/audit readable) and issue 10 (/audit export): labels, Rp amounts, CSV of the filtered range. */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => {
  await app.close();
});

const get = (path: string, cookie: string) => fetch(`${app.url}${path}`, { headers: { Cookie: cookie, "Accept-Language": BROWSER_LANGUAGE }, redirect: "manual" });

describe("/audit targets and details", () => {
  it("names targets as people know them and links them; amounts in details are rupiah", async () => {
    const admin = await makeStaff(t.db, "admin");
    const other = await makeStaff(t.db, "support", { email: `sari-${Date.now()}@loket.test` });
    const order = await insertOrder(t.db, { orderId: `AUD-${Date.now()}` });
    const hold = await insertHold(t.db, { orderId: order.id, amount: 5_000_000n });
    const refund = await insertRefund(t.db, { orderId: order.id, amount: 1_000_000n });
    const actor = { id: admin.id, email: admin.email };
    const act = "test.labels" as AuditAction;
    await audit(t.db, { actor, action: act, targetType: "order", targetId: order.orderId, result: "ok", request: { amount: 1_500_000n, reason: "customer asked" } });
    await audit(t.db, { actor, action: act, targetType: "order", targetId: order.id, result: "ok" }); // an internal UUID
    await audit(t.db, { actor, action: act, targetType: "staff", targetId: other.id, result: "ok" });
    await audit(t.db, { actor, action: act, targetType: "hold", targetId: hold.id, result: "ok" });
    await audit(t.db, { actor, action: act, targetType: "refund", targetId: refund.id, result: "ok", detail: { amount: "250000", refundedAmount: 99, responseCode: "2005800" } });
    const page = await listAudit(t.db, { filters: { action: act } });
    const { targets, actors } = await describeTargets(t.db, page.rows);
    const views = page.rows.map((r) => targetOf(r, targets));
    // Newest first: refund, hold, staff, order by UUID, order by id.
    expect(views.map((v) => v && { label: v.label, href: v.href })).toEqual([
      { label: order.orderId, href: `/orders/${order.orderId}` },
      { label: order.orderId, href: `/orders/${order.orderId}` },
      { label: "Test support", href: `/audit?actor=${other.id}` },
      { label: order.orderId, href: `/orders/${order.orderId}` },
      { label: order.orderId, href: `/orders/${order.orderId}` },
    ]);
    expect(views[2]!.sub).toBe(other.email);
    expect(actors.get(admin.id)).toEqual({ name: "Test admin", email: admin.email });
    // jsonb keeps its own key order: compare as a set.
    const detail = summarise(page.rows[0]!.detail);
    expect(detail).toHaveLength(3);
    expect(detail).toEqual(
      expect.arrayContaining([
        { key: "amount", value: "Rp 2.500" },
        { key: "refundedAmount", value: "Rp 0,99" },
        { key: "responseCode", value: "2005800" },
      ]),
    );
    expect(summarise(page.rows[4]!.request)).toEqual(
      expect.arrayContaining([
        { key: "amount", value: "Rp 15.000" },
        { key: "reason", value: "customer asked" },
      ]),
    );
    // An id that resolves to nothing stays as it was written.
    expect(targetOf({ ...page.rows[0]!, targetType: "order", targetId: "GONE-1" }, targets)).toEqual({ type: "order", label: "GONE-1" });

    // The page: the link and the rupiah, no bare UUID for the order.
    const html = await (await get(`/audit?action=${act}`, admin.cookie)).text();
    expect(html).toContain(`href="/orders/${order.orderId}"`);
    expect(html).toContain("Rp 15.000");
    expect(html).not.toMatch(new RegExp(`>${order.id}<`));
  });
});

describe("/audit/export.csv", () => {
  it("streams the filtered range as CSV, escapes formulas, and is itself audited; a role without audit:read gets 403", async () => {
    const finance = await makeStaff(t.db, "finance");
    const act = "test.export" as AuditAction;
    for (let i = 0; i < 5; i++) await audit(t.db, { actor: { id: finance.id, email: finance.email }, action: act, targetType: "order", targetId: `EXP-${i}`, amount: 1_000_00n * BigInt(i + 1), result: "ok" });
    await audit(t.db, { actor: null, action: act, targetType: "customer", targetId: "=HYPERLINK(\"http://evil\")", result: "failed" });
    await audit(t.db, { actor: null, action: "test.other" as AuditAction, result: "ok" });

    const res = await get(`/audit/export.csv?action=${act}&from=01-01-2000`, finance.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="loket-audit-\d{4}-\d{2}-\d{2}-WIB\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM (Response.text() would drop it)
    const lines = bytes.subarray(3).toString("utf8").trim().split("\n");
    expect(lines[0]).toBe("at_wib,actor_email,actor_name,action,target_type,target_id,target_label,amount_rp,result,idempotency_key,ip,request_json,detail_json");
    expect(lines).toHaveLength(7);
    expect(lines.slice(1).every((l) => l.includes(",test.export,"))).toBe(true);
    expect(lines[1]).toContain(`'=HYPERLINK`); // a formula is escaped with a leading quote
    expect(lines[2]).toContain(",order,EXP-4,,5000,ok,");
    expect(lines[6]).toContain(",order,EXP-0,,1000,ok,");

    // Smaller batches than rows: keyset paging returns each row once.
    const { auditCsvStream } = await import("~/services/audit-export.server");
    const small = await new Response(auditCsvStream(t.db, { action: act }, { batchSize: 2 })).text();
    expect(small.trim().split("\n")).toHaveLength(7);

    const [logged] = await rows<{ request: unknown }>(t.db, sql`select request from audit_log where action = 'audit.export' and actor_id = ${finance.id}`);
    const request = typeof logged!.request === "string" ? JSON.parse(logged!.request) : logged!.request;
    expect(request).toMatchObject({ filters: { action: act, from: "01-01-2000" } });

    const support = await makeStaff(t.db, "support");
    expect((await get(`/audit/export.csv`, support.cookie)).status).toBe(403);
    expect((await get(`/audit/export.csv?from=2026-13-45`, finance.cookie)).status).toBe(400);
  });

  it("the page offers Export CSV only while its filters are valid (the export refuses the others with a 400)", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    const ok = await (await get(`/audit?action=auth.sign_in&after=x`, viewer.cookie)).text();
    expect(ok).toContain(`href="/audit/export.csv?action=auth.sign_in"`);
    const bad = await (await get(`/audit?from=xx`, viewer.cookie)).text();
    expect(bad).toContain('aria-invalid="true"'); // the date's error at the field
    expect(bad).not.toContain("/audit/export.csv");
    expect(bad).not.toContain('data-testid="audit-export"');
  });
});

describe("/audit/:entryId/raw (the raw-data dialog's JSON, fetched when it opens)", () => {
  it("answers an entry as stored to audit:read, 404 for no such entry, 403 without audit:read; the page no longer carries it", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    const act = `test.raw${Date.now()}` as AuditAction;
    const key = `idem-raw-${Date.now()}`;
    await audit(t.db, {
      actor: { id: viewer.id, email: viewer.email },
      action: act,
      targetType: "order",
      targetId: "RAW-1",
      idempotencyKey: key,
      request: { amount: 1_500_000n, reason: "customer asked" },
      detail: { responseCode: "2005800", nested: { deep: [1, 2] } },
      ip: "203.0.113.9",
      result: "ok",
    });
    const [entry] = (await listAudit(t.db, { filters: { action: act } })).rows;

    const res = await get(`/audit/${entry!.id}/raw`, viewer.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(await res.json()).toEqual({
      id: entry!.id.toString(),
      action: act,
      request: { amount: "1500000", reason: "customer asked" },
      detail: { responseCode: "2005800", nested: { deep: [1, 2] } },
      idempotencyKey: key,
      ip: "203.0.113.9",
      targetType: "order",
      targetId: "RAW-1",
      actorId: viewer.id,
    });

    // The list page shows the row but not its raw data (the key is only in the raw JSON), and offers
    // the action in its filter although AUDIT_ACTIONS does not name it.
    const html = await (await get(`/audit?action=${act}`, viewer.cookie)).text();
    expect(html).toContain("RAW-1");
    expect(html).toContain(`aria-label="Raw data of entry ${entry!.id}"`);
    expect(html).not.toContain(key);
    expect(html).not.toContain("203.0.113.9");
    expect(html).toContain(`<option selected="">${act}</option>`); // an option's value is its text
    expect(html).toContain("<option>auth.sign_in</option>");

    expect((await get(`/audit/999999999999/raw`, viewer.cookie)).status).toBe(404);
    expect((await get(`/audit/not-an-id/raw`, viewer.cookie)).status).toBe(404);
    expect((await get(`/audit/99999999999999999999999/raw`, viewer.cookie)).status).toBe(404); // beyond bigint: no 500
    const support = await makeStaff(t.db, "support");
    expect((await get(`/audit/${entry!.id}/raw`, support.cookie)).status).toBe(403);
    const signedOut = await fetch(`${app.url}/audit/${entry!.id}/raw`, { redirect: "manual" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toMatch(/^\/login/);
  });
});
