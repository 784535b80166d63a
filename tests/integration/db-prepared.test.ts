import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db, type DbHandle } from "~/db/client.server";
import { preparedDb, preparedStats, StatementBudget, statementShape } from "~/db/prepared.server";
import { rows } from "~/db/rows.server";
import { auditLog, orders } from "~db/schema";
import { createTestDb } from "../support/db";

// openDb sends the app's queries as named prepared statements on Postgres, within a bound
// (app/db/prepared.server.ts): texts that vary (lists of different lengths, multi-row inserts) must
// not grow a connection's statements past it, however long the connection lives.

describe("statement shapes and the budget (no database)", () => {
  it("collapses parameter lists and repeated row tuples, not the rest of the text", () => {
    expect(statementShape('select "id" from "orders" where "id" in ($1, $2, $3)')).toBe(
      statementShape('select "id" from "orders" where "id" in ($1, $2, $3, $4, $5, $6, $7)'),
    );
    expect(statementShape('insert into "t" ("a", "b") values ($1, default), ($2, default)')).toBe(
      statementShape('insert into "t" ("a", "b") values ($1, default), ($2, default), ($3, default)'),
    );
    expect(statementShape("select x from (values ($1::int), ($2::int)) v(x)")).toBe(
      statementShape("select x from (values ($1::int), ($2::int), ($3::int)) v(x)"),
    );
    // Different columns or a different table are different statements.
    expect(statementShape('select "id" from "orders" where "id" = $1')).not.toBe(statementShape('select "id" from "refunds" where "id" = $1'));
    expect(statementShape('insert into "t" ("a", "b") values (default, $1)')).not.toBe(statementShape('insert into "t" ("a", "b") values ($1, default)'));
  });

  it("admits a list query at most twice whatever its lengths, and never past maxStatements", () => {
    const b = new StatementBudget({ maxStatements: 10, maxParams: 256, maxTextLength: 16_384 });
    for (let n = 1; n <= 200; n++) {
      const params = Array.from({ length: n }, (_, i) => `$${i + 1}`).join(", ");
      b.shouldPrepare(`select "id" from "orders" where "id" in (${params})`, Array.from({ length: n }, () => "x"));
    }
    expect(b.stats().admitted).toBeLessThanOrEqual(2);
    for (let i = 0; i < 50; i++) b.shouldPrepare(`select "c${i}" from "t" where "id" = $1`, [1]);
    expect(b.stats().admitted).toBe(10);
    expect(b.stats().unnamed.full).toBeGreaterThan(0);
    // Already admitted statements stay prepared; none without parameters or too big is.
    expect(b.shouldPrepare(`select "c0" from "t" where "id" = $1`, [2])).toBe(true);
    expect(b.shouldPrepare("create table x (id int)", [])).toBe(false);
    expect(new StatementBudget().shouldPrepare("select $1", [1])).toBe(true);
    expect(new StatementBudget().shouldPrepare(`select ${"x, ".repeat(10_000)}$1`, [1])).toBe(false);
  });
});

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)("prepared statements on Postgres", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    // One connection: every query below and the count of its prepared statements share it.
    handle = await createTestDb({ max: 1 });
  });
  afterAll(async () => {
    await handle?.close();
  });

  const statements = async (db: Db) =>
    (await rows<{ n: number }>(db, sql`select count(*)::int as n from pg_prepared_statements`))[0]!.n;

  it("prepares a repeated query once and plans it for its values (force_custom_plan)", async () => {
    const db = handle.db;
    const before = await statements(db);
    const id = randomUUID();
    for (let i = 0; i < 20; i++) {
      expect(await db.select({ id: orders.id }).from(orders).where(eq(orders.id, id))).toEqual([]);
    }
    expect(await statements(db)).toBe(before + 1);
    const [mode] = await rows<{ plan_cache_mode: string }>(db, sql`show plan_cache_mode`);
    expect(mode?.plan_cache_mode).toBe("force_custom_plan");
    expect(preparedDb(db)).toBe(db); // ingest's wrapper: already prepared
  });

  it("inArray with 1..150 values and inserts of 1..40 rows add at most two statements each", async () => {
    const db = handle.db;
    const before = await statements(db);
    const ids = Array.from({ length: 150 }, () => randomUUID());
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= ids.length; n++) {
        const found = await db.select({ id: orders.id }).from(orders).where(inArray(orders.id, ids.slice(0, n)));
        expect(found).toEqual([]);
      }
    }
    const inArrayGrowth = (await statements(db)) - before;
    expect(inArrayGrowth).toBeLessThanOrEqual(2);

    const action = `test.prepared.${randomUUID()}`;
    for (let n = 1; n <= 40; n++) {
      await db.insert(auditLog).values(Array.from({ length: n }, () => ({ action, result: "ok" })));
    }
    const [inserted] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where action = ${action}`);
    expect(inserted?.n).toBe((40 * 41) / 2);
    expect((await statements(db)) - before - inArrayGrowth).toBeLessThanOrEqual(3); // 2 insert shapes + the count
    expect(preparedStats(db)?.varyingShapes).toBeGreaterThanOrEqual(2);
  });

  it("never holds more than maxStatements on a connection; the rest run unnamed and answer the same", async () => {
    const small = await openDb({ url: handle.url!, max: 1, preparedLimits: { maxStatements: 3, maxParams: 256, maxTextLength: 16_384 } });
    try {
      const before = await statements(small.db);
      const id = randomUUID();
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 12; i++) {
          const got = await rows<{ v: number; id: string }>(small.db, sql`select ${sql.raw(String(i))}::int as v, ${id}::uuid as id`);
          expect(got).toEqual([{ v: i, id }]);
        }
      }
      expect((await statements(small.db)) - before).toBeLessThanOrEqual(3);
      expect(preparedStats(small.db)).toMatchObject({ admitted: 3 });
      expect(preparedStats(small.db)!.unnamed.full).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it("a migration under running statements: an added column changes nothing; a changed type fails once inside a transaction", async () => {
    // What a rolling deploy does to an old process's statements (docs/benchmarks.md). drizzle names
    // every column it reads, so an added column keeps the statement's result type; a column whose
    // type changes makes Postgres refuse the old plan once (0A000) — outside a transaction
    // postgres.js re-prepares and retries by itself, inside one the transaction has failed.
    const db = handle.db;
    const ddl = async (text: string) => {
      const other = await openDb({ url: handle.url!, max: 1 });
      try {
        await other.db.execute(sql.raw(text));
      } finally {
        await other.close();
      }
    };
    await ddl("create table prepared_probe (id int primary key, v int)");
    await ddl("insert into prepared_probe values (1, 10)");
    const read = (d: Db) => rows<{ id: number; v: unknown }>(d, sql`select id, v from prepared_probe where id = ${1}`);
    const inTx = () => db.transaction(async (tx) => read(tx as unknown as Db));
    expect(await inTx()).toEqual([{ id: 1, v: 10 }]);
    expect(await read(db)).toEqual([{ id: 1, v: 10 }]);

    await ddl("alter table prepared_probe add column w int");
    expect(await inTx()).toEqual([{ id: 1, v: 10 }]);

    await ddl("alter table prepared_probe alter column v type bigint");
    await expect(inTx()).rejects.toSatisfy((e: unknown) => /cached plan must not change result type/.test(String((e as { cause?: unknown }).cause ?? e)));
    expect(await inTx()).toEqual([{ id: 1, v: "10" }]); // re-prepared: the next try works
    await ddl("alter table prepared_probe alter column v type numeric");
    expect(await read(db)).toEqual([{ id: 1, v: "10" }]); // outside a transaction: retried by postgres.js
  });

  it("prepare: false (or ?prepare=false in the URL) prepares nothing", async () => {
    for (const h of [await openDb({ url: handle.url!, max: 1, prepare: false }), await openDb({ url: `${handle.url!}?prepare=false`, max: 1 })]) {
      try {
        const before = await statements(h.db);
        for (let i = 0; i < 5; i++) await h.db.select({ id: orders.id }).from(orders).where(eq(orders.id, randomUUID()));
        expect(await statements(h.db)).toBe(before);
        expect(preparedStats(h.db)).toBeUndefined();
      } finally {
        await h.close();
      }
    }
  });
});

describe("on the embedded database (PGlite)", () => {
  it("is untouched: nothing wraps it and queries answer as before", async () => {
    if (onPostgres) return;
    const h = await createTestDb();
    try {
      expect(preparedStats(h.db)).toBeUndefined();
      expect(preparedDb(h.db)).toBe(h.db);
      const ids = Array.from({ length: 5 }, () => randomUUID());
      for (let n = 1; n <= ids.length; n++) {
        expect(await h.db.select({ id: orders.id }).from(orders).where(inArray(orders.id, ids.slice(0, n)))).toEqual([]);
      }
    } finally {
      await h.close();
    }
  });
});
