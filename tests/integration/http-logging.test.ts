import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDb } from "../support/db";
import { startHttpApp, type HttpApp } from "./http-server";
import { makeApiKey, startApiHarness, type ApiHarness } from "./merchant-api-helpers";

/**
 * A server error must not print customers' data: drizzle's error message carries the SQL with
 * its parameters, Postgres's `detail` the failing row. Provoked for real: a CHECK constraint the
 * test adds refuses one customer name, so the merchant API's insert fails inside the database.
 */
const t = useTestDb();
let h: ApiHarness;
let app: HttpApp;
let key: string;

const NAME = "Siti Rahmawati Pii";
const PHONE_LOCAL = "081398765432";
const PHONE_E164 = "6281398765432";
const EMAIL = "siti.pii@example.co.id";

beforeAll(async () => {
  h = await startApiHarness();
  app = await startHttpApp();
  key = (await makeApiKey(t.db, "logging")).key;
  await t.db.execute(sql.raw(`alter table orders add constraint orders_no_siti_ck check (customer_name is distinct from '${NAME}')`));
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});
afterEach(() => vi.restoreAllMocks());

describe("server errors in the log", () => {
  it("a database error logs the error and the statement's name, never the values", async () => {
    const printed: string[] = [];
    const capture = (...args: unknown[]) => void printed.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    for (const m of ["error", "warn", "log", "info"] as const) vi.spyOn(console, m).mockImplementation(capture);
    const out = vi.spyOn(process.stdout, "write");
    const err = vi.spyOn(process.stderr, "write");

    const order_id = `ORD-${randomUUID().slice(0, 8)}`;
    const res = await fetch(`${app.url}/api/v1/payments`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": randomUUID() },
      body: JSON.stringify({ order_id, amount: "50000", customer: { merchant_user_id: "mu-pii", name: NAME, phone: PHONE_LOCAL, email: EMAIL } }),
    });
    expect(res.status).toBe(500);
    const body = await res.text();

    const written = [...out.mock.calls, ...err.mock.calls].map(([chunk]) => String(chunk));
    const everything = [...app.logs, ...printed, ...written, body].join("\n");
    // The error was logged, with what an engineer needs: the SQLSTATE, the constraint, the statement.
    const line = app.logs.map((l) => JSON.parse(l) as { msg: string; err?: unknown }).find((l) => l.msg.includes("unhandled error"));
    expect(line, app.logs.join("\n")).toBeTruthy();
    expect(JSON.stringify(line)).toContain("23514");
    expect(JSON.stringify(line)).toContain("orders_no_siti_ck");
    expect(JSON.stringify(line)).toContain('insert into \\"orders\\"');
    for (const pii of [NAME, "Siti", "Rahmawati", PHONE_LOCAL, PHONE_E164, EMAIL, "siti.pii"]) {
      expect(everything, `"${pii}" reached the log or the client`).not.toContain(pii);
    }
  });
});
