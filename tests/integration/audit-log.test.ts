import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "~db/schema";
import { rows } from "~/db/rows.server";
import { audit, decodeCursor, listAudit, type AuditAction } from "~/services/audit.server";
import { useTestDb } from "../support/db";

const t = useTestDb();

// drizzle wraps the driver's error: the database's own message is on `cause`.
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "accepted",
    (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`,
  );

describe("audit log", () => {
  it("redacts secrets at any depth but keeps idempotency keys, and stores bigint amounts exactly", async () => {
    await audit(t.db, {
      actor: { id: null, email: "api:test" },
      action: "test.redact" as AuditAction, // why the cast: an action only this test writes, found again by name
      targetType: "order",
      targetId: "ORD-1",
      amount: 12_345_678_901_234n,
      idempotencyKey: "idem-1",
      request: { password: "p", nested: { accessToken: "t", list: [{ clientSecret: "s", amount: 5n }] }, idempotencyKey: "idem-1", note: "fine" },
      detail: { headers: { Authorization: "Bearer x", "X-SIGNATURE": "sig", "X-PARTNER-ID": "p1" }, privateKey: "k" },
      result: "ok",
    });
    const [row] = await rows<{ request: unknown; detail: unknown; amount: string }>(
      t.db,
      sql`select request, detail, amount::text as amount from audit_log where action = 'test.redact'`,
    );
    const parse = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
    expect(parse(row!.request)).toEqual({
      password: "[redacted]",
      nested: { accessToken: "[redacted]", list: [{ clientSecret: "[redacted]", amount: "5" }] },
      idempotencyKey: "idem-1",
      note: "fine",
    });
    expect(parse(row!.detail)).toEqual({
      headers: { Authorization: "[redacted]", "X-SIGNATURE": "[redacted]", "X-PARTNER-ID": "p1" },
      privateKey: "[redacted]",
    });
    expect(row!.amount).toBe("12345678901234");
  });

  it("rejects UPDATE and DELETE at the database", async () => {
    await audit(t.db, { actor: null, action: "test.immutable" as AuditAction, result: "ok" });
    expect(await refusal(t.db.update(auditLog).set({ result: "failed" }))).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(t.db.delete(auditLog))).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(t.db.execute(sql`update audit_log set action = 'x'`))).toMatch(/append-only/);
    const [n] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'test.immutable' and result = 'ok'`);
    expect(n!.n).toBe(1);
  });

  it("rejects TRUNCATE at the database, also through TRUNCATE staff CASCADE (migration 0011)", async () => {
    await audit(t.db, { actor: null, action: "test.truncate" as AuditAction, result: "ok" });
    expect(await refusal(t.db.execute(sql`truncate audit_log`))).toMatch(/append-only \(TRUNCATE refused\)/);
    expect(await refusal(t.db.execute(sql`truncate staff cascade`))).toMatch(/append-only \(TRUNCATE refused\)/);
    const [n] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from audit_log where action = 'test.truncate'`);
    expect(n!.n).toBe(1);
  });

  it("pages newest first with keyset cursors in both directions, even for rows in the same microsecond", async () => {
    const same = new Date("2026-11-20T01:00:00Z");
    // why direct inserts: the test needs fixed times (three rows in the same instant), which the writer does not take.
    for (let i = 0; i < 7; i++) {
      await t.db.insert(auditLog).values({ action: "test.page", result: "ok", targetId: String(i), at: i < 3 ? same : new Date(same.getTime() + i * 1000) });
    }
    const filters = { action: "test.page" };
    const p1 = await listAudit(t.db, { filters, limit: 3 });
    expect(p1.rows.map((r) => r.targetId)).toEqual(["6", "5", "4"]);
    expect(p1.newer).toBeNull();
    const p2 = await listAudit(t.db, { filters, limit: 3, after: decode(p1.older) });
    expect(p2.rows.map((r) => r.targetId)).toEqual(["3", "2", "1"]);
    const p3 = await listAudit(t.db, { filters, limit: 3, after: decode(p2.older) });
    expect(p3.rows.map((r) => r.targetId)).toEqual(["0"]);
    expect(p3.older).toBeNull();
    const back = await listAudit(t.db, { filters, limit: 3, before: decode(p3.newer) });
    expect(back.rows.map((r) => r.targetId)).toEqual(["3", "2", "1"]);
    const top = await listAudit(t.db, { filters, limit: 3, before: decode(back.newer) });
    expect(top.rows.map((r) => r.targetId)).toEqual(["6", "5", "4"]);
    expect(top.newer).toBeNull();
    // WIB day filter: 2026-11-20 WIB is [2026-11-19T17:00Z, 2026-11-20T17:00Z).
    const day = await listAudit(t.db, { filters: { ...filters, range: { start: new Date("2026-11-19T17:00:00Z"), end: new Date("2026-11-20T17:00:00Z") } } });
    expect(day.rows).toHaveLength(7);
    const nextDay = await listAudit(t.db, { filters: { ...filters, range: { start: new Date("2026-11-20T17:00:00Z"), end: new Date("2026-11-21T17:00:00Z") } } });
    expect(nextDay.rows).toHaveLength(0);
  });
});

function decode(c: string | null) {
  const d = decodeCursor(c);
  if (!d) throw new Error("expected a cursor");
  return d;
}
