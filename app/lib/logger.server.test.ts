import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { logger, safeError, setLogDestination, statementName } from "./logger.server";

afterEach(() => setLogDestination(undefined));

describe("safeError", () => {
  it("keeps the statement's name and drops drizzle's params, even when only the message string is logged", () => {
    const msg = 'Failed query: update "customers" set "name" = $1 where "id" = $2\nparams: Budi Santoso,6281211112222';
    expect(safeError(msg)).toBe('Failed query: update "customers"');
    expect(JSON.stringify(safeError(new Error(msg)))).not.toMatch(/Budi|6281211112222/);
  });

  it("drops the value Postgres quotes in its message and its detail, keeps code and constraint", () => {
    const pg = Object.assign(new Error('invalid input syntax for type uuid: "budi@example.com"'), { code: "22P02", detail: "Key (email)=(budi@example.com)", constraint: "x_uq" });
    const out = safeError(pg);
    expect(out).toMatchObject({ code: "22P02", constraint: "x_uq", message: "invalid input syntax for type uuid: [redacted]" });
    expect(JSON.stringify(out)).not.toContain("budi@example.com");
  });

  it("is the logger's serialiser for err, so a raw error passed to a log call is safe too", () => {
    const lines: string[] = [];
    setLogDestination(new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) }));
    const err = Object.assign(new Error("Failed query: insert into orders values ($1)\nparams: Sari Dewi"), { query: "insert into orders values ($1)", params: ["Sari Dewi"] });
    logger().error({ err }, "boom");
    expect(lines.join("")).toContain('"statement":"insert into orders"');
    expect(lines.join("")).not.toContain("Sari");
  });

  it("names statements without values", () => {
    expect(statementName('select "id" from "orders" where "order_id" = $1')).toBe('select "orders"');
    expect(statementName("delete from sessions where token = $1")).toBe("delete from sessions");
    expect(statementName("something else")).toBeUndefined();
  });
});
