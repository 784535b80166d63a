import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, holds, orders, refunds } from "~db/schema";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { makeStaff } from "./auth-helpers";
import { heldOrder, linkedAccount, type TestGopay } from "./holds-helpers";
import { sandboxOrder, sandboxRefunds, setLimit } from "./refunds-support";
import { errorLines, postForm, startCluster, waitHealthy, type AppProcess, type Cluster } from "./scale-out-support";

/**
 * Issue 15, "Scale out": several app processes on one Postgres, started together on an EMPTY
 * database (no template, no migrations applied), then used as a load balancer would use them.
 * Before the migrations lock two of three processes crashed here (both ran the migrations:
 * `CREATE TABLE "api_keys"` … duplicate key). Postgres only: PGlite is one process by nature.
 */
const PROCESSES = 3;
/** Refund statuses that hold money against the paid amount (db/schema/orders.ts). */
const RESERVED: string[] = ["pending", "unknown", "needs_attention", "succeeded"];
const pg = !!process.env.DATABASE_URL;

describe.skipIf(!pg)("several app processes on one Postgres", () => {
  let c: Cluster;
  let hold: { orderId: string; holdId: string } | undefined;
  const t0 = Date.now();

  beforeAll(async () => {
    c = await startCluster({ processes: PROCESSES });
    await Promise.all(c.apps.map((a) => waitHealthy(a, 150_000)));
  }, 180_000);

  afterAll(async () => {
    await c?.stop();
  }, 60_000);

  const describeApp = (a: AppProcess) => `${a.name}: ${a.exit ? `exited ${JSON.stringify(a.exit)}` : "running"}\n${a.output.slice(-30).join("\n")}`;

  it("three processes started together on an empty database all serve /healthz, none crashed or logged an error", async () => {
    for (const a of c.apps) {
      expect(a.exit, describeApp(a)).toBeUndefined();
      const res = await fetch(`${a.url}/healthz`);
      expect(res.status, describeApp(a)).toBe(200);
      expect(errorLines(a), describeApp(a)).toEqual([]);
    }
    // One of them migrated; the schema is whole (every migration recorded once).
    const h = await c.openHandle();
    const applied = await h.sql!<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const files = (await import("node:fs")).readdirSync("db/migrations").filter((f) => f.endsWith(".sql"));
    expect(applied[0]!.n).toBe(files.length);
    console.info(`[scale-out] ${PROCESSES} processes healthy ${((Date.now() - t0) / 1000).toFixed(1)} s after spawn`);

    // The hold the sweep test below waits for: set up now, so a cron tick can find it while the
    // refund tests run. Expired at GoPay (its notification goes nowhere), and past expires_at here.
    const g: TestGopay = { sb: c.sb, client: c.client, control: c.control, requests: async () => [], close: async () => {} };
    const account = await linkedAccount(g);
    const held = await heldOrder(h.db, g, account, { expiryMinutes: 60 });
    await c.control(`/core/transactions/${held.order.orderId}/expire`, {});
    const past = new Date(Date.now() - 60_000);
    await h.db.update(holds).set({ expiresAt: past }).where(eq(holds.id, held.hold.id));
    await h.db.update(orders).set({ expiresAt: past }).where(eq(orders.id, held.order.id));
    hold = { orderId: held.order.orderId, holdId: held.hold.id };
  }, 60_000);

  it("a burst of the SAME refund intent split across the processes makes one refund at GoPay", async () => {
    const h = await c.openHandle();
    await setLimit(h.db, "finance", null);
    const agent = await makeStaff(h.db, "finance");
    const order = await sandboxOrder(h.db, c.client, c.sb, { amount: 200_000_00n });
    const refundCallsBefore = ((await c.control(`/requests?op=snap.refund`)) as unknown[]).length;
    const form = { intent: "refund", key: mintRefundKey(), amount: "25000", reasonCode: "customer_request", reasonText: "" };
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => postForm(c.apps[i % c.apps.length]!, `/orders/${order.orderId}`, form, agent.cookie)),
    );
    for (const s of statuses) expect(s).toBeLessThan(500);
    // GoPay's own record: one refund of Rp 25.000 — what one process makes of 24 double clicks.
    const atGopay = await sandboxRefunds(c.client, order);
    expect(atGopay.map((r) => r.amount)).toEqual([25_000_00n]);
    const calls = (await c.control(`/requests?op=snap.refund`)) as unknown[];
    expect(calls.length - refundCallsBefore).toBe(1);
    const rows = await h.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    expect(rows.map((r) => r.amount)).toEqual([25_000_00n]);
    expect(RESERVED).toContain(rows[0]!.status); // succeeded, or unknown on a loaded machine (a timeout): never a second one
  }, 90_000);

  it("a burst of DISTINCT refund intents split across the processes never refunds more than was paid", async () => {
    const h = await c.openHandle();
    const agent = await makeStaff(h.db, "finance");
    const order = await sandboxOrder(h.db, c.client, c.sb, { amount: 100_000_00n });
    // 18 × Rp 15.000 against Rp 100.000 paid, deliberate repeats: exactly 6 fit, as in one process.
    const statuses = await Promise.all(
      Array.from({ length: 18 }, (_, i) =>
        postForm(
          c.apps[i % c.apps.length]!,
          `/orders/${order.orderId}`,
          { intent: "refund", key: mintRefundKey(), amount: "15000", reasonCode: "customer_request", reasonText: "", confirmRepeat: "yes" },
          agent.cookie,
        ),
      ),
    );
    for (const s of statuses) expect(s).toBeLessThan(500);
    const atGopay = await sandboxRefunds(c.client, order);
    expect(atGopay).toHaveLength(6);
    expect(atGopay.reduce((a, r) => a + r.amount, 0n)).toBe(90_000_00n);
    // Our side: six refunds hold the money (succeeded, or unknown if a call timed out), the others refused.
    const rows = await h.db.select().from(refunds).where(eq(refunds.orderId, order.id));
    const reserved = rows.filter((r) => RESERVED.includes(r.status));
    expect(reserved).toHaveLength(6);
    expect(reserved.reduce((a, r) => a + r.amount, 0n)).toBe(90_000_00n);
    const [o] = await h.db.select().from(orders).where(eq(orders.id, order.id));
    expect(o!.refundedAmount).toBe(rows.filter((r) => r.status === "succeeded").reduce((a, r) => a + r.amount, 0n));
  }, 90_000);

  it("the scheduled hold-expiry sweep acts once across the processes: one status query, one audit row", async () => {
    const h = await c.openHandle();
    expect(hold).toBeDefined();
    // The sweep is cron "* * * * *": the next tick is within a minute, plus pg-boss's cron check
    // (10 s), its send-it poll (2 s) and the queue's poll (2 s).
    const until = Date.now() + 100_000;
    let status = "authorised";
    while (Date.now() < until) {
      const [row] = await h.db.select({ status: holds.status }).from(holds).where(eq(holds.id, hold!.holdId));
      status = row!.status;
      if (status !== "authorised") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).not.toBe("authorised");
    // Give a concurrent sweep in another process time to land, were there one.
    await new Promise((r) => setTimeout(r, 4_000));
    const statusCalls = (await c.control(`/requests?op=core.status`)) as Array<{ path: string }>;
    expect(statusCalls.filter((r) => r.path.includes(hold!.orderId))).toHaveLength(1);
    // The only hold this database has ever swept: the job audited the hold's change and the order's, once.
    const audits = await h.db.select().from(auditLog).where(eq(auditLog.actorEmail, "job:holds-expiry"));
    const seen = JSON.stringify(audits.map((a) => ({ at: a.at, action: a.action, target: a.targetId, result: a.result })));
    expect(audits.map((a) => a.action).sort(), seen).toEqual(["hold.expired", "order.status_changed"]);
    // Once per tick: pg-boss made one holds-expiry job per minute for the whole cluster.
    const perMinute = await h.sql!<{ minute: string; n: number }[]>`
      select date_trunc('minute', created_on)::text as minute, count(*)::int as n
      from pgboss.job where name = 'holds-expiry' group by 1 order by 1`;
    expect(perMinute.length).toBeGreaterThan(0);
    for (const m of perMinute) expect(m, JSON.stringify(perMinute)).toMatchObject({ n: 1 });
  }, 120_000);

  it("no process crashed or logged an error while serving", () => {
    for (const a of c.apps) {
      expect(a.exit, describeApp(a)).toBeUndefined();
      expect(errorLines(a), describeApp(a)).toEqual([]);
    }
  });
});
