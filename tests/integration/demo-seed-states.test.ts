import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedDemoData } from "../../app/services/demo-data/seed.server";
import { customers, holds, orders, payAccounts, staff } from "../../db/schema";
import { useTestDb } from "../support/db";
import { startApiHarness, type ApiHarness } from "./merchant-api-helpers";

// The seed against a real sandbox: rows in Loket and the matching objects at the sandbox.
// (No app listens for notifications here, so Loket's order statuses stay as the API left them;
// the sandbox's states are what the customers did.)
const t = useTestDb();
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
  await t.db.insert(staff).values({ email: "admin@seed.test", name: "Admin", role: "admin", passwordHash: "x" });
});
afterAll(async () => h?.close());

it("seeds customers, payments in every sandbox state, pay accounts and holds — once", async () => {
  const started = Date.now();
  const lines = await seedDemoData(t.db);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(lines[0]).toMatch(/seeded/);
  const sbPayments = (await h.control("/snap/payments")) as { latestTransactionStatus?: string; status?: string }[];
  const states = new Set(sbPayments.map((p) => p.latestTransactionStatus ?? p.status));
  expect(states.size).toBeGreaterThanOrEqual(4);
  expect((await t.db.select().from(orders)).length).toBeGreaterThanOrEqual(25);
  expect((await t.db.select().from(customers)).filter((c) => c.authTokenEnc).length).toBe(6);
  const accs = await t.db.select().from(payAccounts);
  expect(new Set(accs.map((a) => a.status))).toEqual(new Set(["PENDING", "ENABLED"]));
  expect((await t.db.select().from(holds).where(eq(holds.status, "authorised"))).length).toBe(4);
  expect((await t.db.select().from(orders).where(eq(orders.status, "paid"))).length).toBeGreaterThanOrEqual(4); // tokenized charges settle at once
  expect(await seedDemoData(t.db)).toEqual(["Demo data: already seeded."]);
});
