import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { coinPayouts, customers } from "~db/schema";
import { loader as customerLoader } from "~/routes/_app.customers.$customerId";
import { getCustomerCase } from "~/services/customers/case.server";
import { useTestDb } from "../support/db";
import { get, makeStaff } from "./auth-helpers";
import { insertPayout } from "./coins-support";

/**
 * The customer case view warns before anyone pays this customer coins again: a payout whose
 * outcome GoPay has not told us yet (unknown), or one waiting for approval. Paid, failed, rejected
 * or cancelled payouts do not warn. Roles that cannot read coins do not get these warnings.
 */
const t = useTestDb();
const context = { cspNonce: "", clientIp: "127.0.0.1" };

async function customer() {
  const [row] = await t.db
    .insert(customers)
    .values({
      merchantUserId: `MU-warn-${randomUUID().slice(0, 8)}`,
      name: "Budi Koin",
      searchName: "budi koin",
    })
    .returning();
  return row!;
}

const coinWarnings = async (id: string) =>
  (await getCustomerCase(t.db, id))!.warnings.filter((w) => w.kind.startsWith("coins"));

let staffId: string;
beforeAll(async () => {
  staffId = (await makeStaff(t.db, "finance")).id;
});

describe("customer case: coins warnings", () => {
  it("no warning for settled payouts", async () => {
    const c = await customer();
    for (const status of ["paid", "failed", "rejected", "cancelled", "queued"] as const)
      await insertPayout(t.db, { customerId: c.id, status, requestedBy: staffId });
    expect(await coinWarnings(c.id)).toEqual([]);
  });

  it("payouts waiting for GoPay's answer and for approval, counted and totalled", async () => {
    const c = await customer();
    await insertPayout(t.db, { customerId: c.id, status: "paid", amount: 99_000_00n, requestedBy: staffId });
    await insertPayout(t.db, {
      customerId: c.id,
      status: "unknown",
      amount: 10_000_00n,
      requestedBy: staffId,
    });
    await insertPayout(t.db, {
      customerId: c.id,
      status: "unknown",
      amount: 5_000_00n,
      requestedBy: staffId,
    });
    const waiting = await insertPayout(t.db, {
      customerId: c.id,
      status: "awaiting_approval",
      amount: 150_000_00n,
      requestedBy: staffId,
    });
    expect(await coinWarnings(c.id)).toEqual([
      { kind: "coinsUnknown", params: { count: "2", amount: "Rp 15.000" } },
      { kind: "coinsAwaitingApproval", params: { count: "1", amount: "Rp 150.000" } },
    ]);

    // Settled: the warning goes.
    await t.db.update(coinPayouts).set({ status: "paid" }).where(eq(coinPayouts.id, waiting.id));
    expect((await coinWarnings(c.id)).map((w) => w.kind)).toEqual(["coinsUnknown"]);
  });

  it("the page: a finance user sees them, support (no coins:read) does not", async () => {
    const c = await customer();
    await insertPayout(t.db, { customerId: c.id, status: "unknown", requestedBy: staffId });
    const load = async (role: "finance" | "support") => {
      const { cookie } = await makeStaff(t.db, role);
      const d = (await customerLoader({
        request: get(`/customers/${c.id}`, cookie),
        params: { customerId: c.id },
        context,
      } as never)) as { warnings: { kind: string }[] };
      return d.warnings.map((w) => w.kind);
    };
    expect(await load("finance")).toEqual(["coinsUnknown"]);
    expect(await load("support")).toEqual([]);
  });
});
