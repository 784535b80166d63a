import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { action, loader } from "~/routes/_app.customers.$customerId";
import { setCustomerZone } from "~/services/customers/zone.server";
import { auditLog, customers } from "~db/schema";
import { useTestDb } from "../support/db";
import { get, makeStaff, post } from "./auth-helpers";

/**
 * A customer's time zone: set and cleared by staff who may edit customers, validated at the field,
 * audited once per change, refused for the others; the database refuses anything but WIB/WITA/WIT.
 */
const t = useTestDb();
let customerId: string;

beforeAll(async () => {
  const [c] = await t.db
    .insert(customers)
    .values({ name: "Andi Makassar", searchName: "andi makassar", phone: "6281234500001" })
    .returning({ id: customers.id });
  customerId = c!.id;
});

const zoneOf = async () =>
  (await t.db.select({ zone: customers.zone }).from(customers).where(eq(customers.id, customerId)))[0]!.zone;
const zoneAudits = () =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "customer.set_zone"), eq(auditLog.targetId, customerId)))
    .orderBy(auditLog.id);

/** The route's action as Remix calls it; a thrown Response (403, 404) comes back as the answer. */
async function act(form: Record<string, string>, cookie: string): Promise<{ status: number; body?: unknown }> {
  try {
    const out: unknown = await action({ request: post(`/customers/${customerId}`, form, cookie), params: { customerId }, context: {} } as never);
    if (out instanceof Response) return { status: out.status };
    const d = out as { init?: { status?: number } | null; data?: unknown };
    return { status: d.init?.status ?? 200, body: d.data };
  } catch (err) {
    if (err instanceof Response) return { status: err.status };
    throw err;
  }
}

describe("customer zone", () => {
  it("new customers have none (campaigns use WIB); the page says so and offers the choice only to those who may edit", async () => {
    expect(await zoneOf()).toBeNull();
    const campaigns = await makeStaff(t.db, "campaigns");
    const viewer = await makeStaff(t.db, "viewer");
    const asCampaigns = (await loader({ request: get(`/customers/${customerId}`, campaigns.cookie), params: { customerId }, context: {} } as never)) as { customer: { zone: string | null }; canEdit: boolean };
    expect(asCampaigns.customer.zone).toBeNull();
    expect(asCampaigns.canEdit).toBe(true);
    const asViewer = (await loader({ request: get(`/customers/${customerId}`, viewer.cookie), params: { customerId }, context: {} } as never)) as { canEdit: boolean };
    expect(asViewer.canEdit).toBe(false);
  });

  it("campaigns staff set WITA, then WIT, then clear it: each change audited with before and after", async () => {
    const s = await makeStaff(t.db, "campaigns");
    expect(await act({ intent: "setZone", zone: "WITA" }, s.cookie)).toMatchObject({ status: 302 });
    expect(await zoneOf()).toBe("WITA");
    expect(await act({ intent: "setZone", zone: "WIT" }, s.cookie)).toMatchObject({ status: 302 });
    expect(await act({ intent: "setZone", zone: "" }, s.cookie)).toMatchObject({ status: 302 });
    expect(await zoneOf()).toBeNull();
    const rows = await zoneAudits();
    expect(rows.map((r) => [r.actorEmail, r.detail, r.result])).toEqual([
      [s.email, { before: null, after: "WITA" }, "ok"],
      [s.email, { before: "WITA", after: "WIT" }, "ok"],
      [s.email, { before: "WIT", after: null }, "ok"],
    ]);
  });

  it("setting the zone it already has changes nothing and writes no audit row", async () => {
    const admin = await makeStaff(t.db, "admin");
    await setCustomerZone(t.db, { customerId, zone: "WIT", actor: { id: admin.id, email: admin.email } });
    const before = (await zoneAudits()).length;
    const again = await setCustomerZone(t.db, { customerId, zone: "WIT", actor: { id: admin.id, email: admin.email } });
    expect(again).toEqual({ ok: true, changed: false, before: "WIT", after: "WIT" });
    expect((await zoneAudits()).length).toBe(before);
  });

  it("an unknown zone is refused at the field (400), nothing changes", async () => {
    const s = await makeStaff(t.db, "support");
    const before = await zoneOf();
    const r = await act({ intent: "setZone", zone: "PST" }, s.cookie);
    expect(r.status).toBe(400);
    expect((r.body as { errors: Record<string, string> }).errors.zone).toBeTruthy();
    expect(await zoneOf()).toBe(before);
  });

  it("viewer and finance may not set it (403); an unknown customer is a 404", async () => {
    for (const role of ["viewer", "finance"] as const) {
      const s = await makeStaff(t.db, role);
      expect((await act({ intent: "setZone", zone: "WIB" }, s.cookie)).status).toBe(403);
    }
    const admin = await makeStaff(t.db, "admin");
    expect(await setCustomerZone(t.db, { customerId: "00000000-0000-4000-8000-000000000000", zone: "WIB", actor: { id: admin.id } })).toEqual({ ok: false, reason: "not_found" });
    expect(await setCustomerZone(t.db, { customerId: "not-a-uuid", zone: "WIB", actor: { id: admin.id } })).toEqual({ ok: false, reason: "not_found" });
  });

  it("the database refuses a zone outside WIB / WITA / WIT", async () => {
    await expect(t.db.execute(sql`update customers set zone = 'PST' where id = ${customerId}`)).rejects.toThrow();
  });
});
