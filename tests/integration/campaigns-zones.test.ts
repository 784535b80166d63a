import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "~/db/rows.server";
import { encryptSecret } from "~/lib/crypto.server";
import { openAudienceCsv } from "~/services/campaigns/csv.server";
import { createDraftCampaign, type DraftInput } from "~/services/campaigns/draft.server";
import { scheduleCampaign } from "~/services/campaigns/lifecycle.server";
import { getCampaignPreview } from "~/services/campaigns/preview.server";
import { drainCampaign } from "~/services/campaigns/send.server";
import type { ParamSources } from "~/services/campaigns/render";
import { setCustomerZone } from "~/services/customers/zone.server";
import { campaignRecipients, customers, type Zone } from "~db/schema";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { control, ENCRYPTION_KEY, templateRow, useCampaignSandbox } from "./campaigns-delivery-support";

/**
 * A recipient's zone: the CSV's zone column, else the customer's record, else WIB — for CSV and
 * segment audiences, shown in the preview with where it came from, and used for "at 09:00 in each
 * recipient's zone" and the quiet hours (a WIT recipient deferred while WIB is sent).
 */
const t = useTestDb();
const s = useCampaignSandbox();
let actor: { id: string; email: string };
let templateId: string;
/** name → customer id; each a sandbox mini-app user (its token works) with the zone on its record. */
const who: Record<string, string> = {};
const RECORD: Record<string, Zone | null> = { ana: null, budi: "WITA", citra: "WIT", dewi: "WITA", eko: null };

const fixed: ParamSources = { title: { type: "fixed", value: "Promo" }, body: { type: "fixed", value: "Your order is on its way" } };
const perCustomer: ParamSources = { title: { type: "field", field: "first_name", fallback: "Kak" }, body: { type: "fixed", value: "Your order is on its way" } };

async function csvAudience(text: string): Promise<DraftInput["audience"]> {
  return { type: "csv", filename: "zones.csv", csv: await openAudienceCsv(new TextEncoder().encode(text)) };
}

async function draft(audience: DraftInput["audience"], sources: ParamSources = fixed) {
  const r = await createDraftCampaign(
    t.db,
    { name: `Zones ${randomUUID().slice(0, 6)}`, templateId, paramSources: sources, audience, schedule: { mode: "now" }, quietStart: "21:00", quietEnd: "08:00", throttlePerSecond: 0 },
    actor,
  );
  if (!r.ok) throw new Error(`draft refused: ${JSON.stringify(r)}`);
  return r.campaignId;
}

async function zones(campaignId: string): Promise<Record<string, [string, string | null]>> {
  const r = await t.db
    .select({ customerId: campaignRecipients.customerId, zone: campaignRecipients.zone, source: campaignRecipients.zoneSource })
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId))
    .orderBy(asc(campaignRecipients.id));
  const name = Object.fromEntries(Object.entries(who).map(([k, v]) => [v, k]));
  return Object.fromEntries(r.map((x) => [name[x.customerId]!, [x.zone, x.source]]));
}

beforeAll(async () => {
  const staff = await makeStaff(t.db, "campaigns");
  actor = { id: staff.id, email: staff.email };
  templateId = (await templateRow(t.db, "push")).id;
  const users = await control<{ phone: string; authToken: string }[]>(s.sb, "/miniapp/users", { count: Object.keys(RECORD).length });
  for (const [i, [name, zone]] of Object.entries(RECORD).entries()) {
    const [c] = await t.db
      .insert(customers)
      .values({ name: `${name[0]!.toUpperCase()}${name.slice(1)} Zona`, searchName: `${name} zona`, phone: users[i]!.phone, merchantUserId: `mu-zone-${name}`, authTokenEnc: encryptSecret(users[i]!.authToken, ENCRYPTION_KEY) })
      .returning({ id: customers.id });
    who[name] = c!.id;
    // Set as staff would (the same service as the customer page).
    if (zone) expect(await setCustomerZone(t.db, { customerId: c!.id, zone, actor })).toMatchObject({ ok: true, changed: true });
  }
});

describe("a recipient's zone", () => {
  it("CSV: the file's zone column wins, else the customer's record, else WIB — kept with its source and shown in the preview", async () => {
    const csv = [
      "merchant_user_id,zone",
      "mu-zone-ana,WIT", // no record: the CSV's
      "mu-zone-budi,", // record WITA, blank in the file
      "mu-zone-citra,", // record WIT
      "mu-zone-dewi,WIB", // record WITA, the file says WIB: the file wins
      "mu-zone-eko,", // neither: WIB
    ].join("\n");
    const id = await draft(await csvAudience(csv));
    expect(await zones(id)).toEqual({
      ana: ["WIT", "csv"],
      budi: ["WITA", "customer"],
      citra: ["WIT", "customer"],
      dewi: ["WIB", "csv"],
      eko: ["WIB", "default"],
    });
    const p = (await getCampaignPreview(t.db, id))!;
    expect(p.rows.map((r) => [r.name, r.zone, r.zoneSource])).toEqual([
      ["Ana Zona", "WIT", "csv"],
      ["Budi Zona", "WITA", "customer"],
      ["Citra Zona", "WIT", "customer"],
      ["Dewi Zona", "WIB", "csv"],
      ["Eko Zona", "WIB", "default"],
    ]);
    expect(p.byZone).toEqual({ WIB: 2, WITA: 1, WIT: 2 });
    expect(p.byZoneSource).toEqual({ csv: 2, customer: 2, default: 1, unknown: 0 });
    const found = (await getCampaignPreview(t.db, id, { q: "citra" }))!;
    expect(found.search?.rows.map((r) => [r.zone, r.zoneSource])).toEqual([["WIT", "customer"]]);
  });

  it("a CSV without a zone column: the customer's record, else WIB", async () => {
    const id = await draft(await csvAudience("merchant_user_id\nmu-zone-ana\nmu-zone-budi\nmu-zone-citra\n"));
    expect(await zones(id)).toEqual({ ana: ["WIB", "default"], budi: ["WITA", "customer"], citra: ["WIT", "customer"] });
  });

  it("segment: the customer's record, else WIB — on the one-statement path and the per-customer path alike", async () => {
    const expected = {
      ana: ["WIB", "default"],
      budi: ["WITA", "customer"],
      citra: ["WIT", "customer"],
      dewi: ["WITA", "customer"],
      eko: ["WIB", "default"],
    };
    const one = await draft({ type: "segment", segment: "no_order_30_days" });
    expect(await zones(one)).toEqual(expected);
    const batched = await draft({ type: "segment", segment: "no_order_30_days" }, perCustomer);
    expect(await zones(batched)).toEqual(expected);
    expect((await getCampaignPreview(t.db, batched))!.byZoneSource).toEqual({ csv: 0, customer: 3, default: 2, unknown: 0 });
  });

  it("'at 09:00 in each recipient's zone' gives each its own instant by that zone", async () => {
    const id = await draft({ type: "segment", segment: "no_order_30_days" });
    const out = await scheduleCampaign(
      actor,
      { campaignId: id, schedule: { mode: "local", date: "2026-03-11", time: "09:00" } },
      { database: t.db, now: () => new Date("2026-03-10T12:00:00Z") },
    );
    expect(out).toMatchObject({ ok: true });
    const due = await rows<{ customer_id: string; due: string }>(
      t.db,
      sql`select customer_id, to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as due from campaign_recipients where campaign_id = ${id}`,
    );
    const byName = Object.fromEntries(due.map((d) => [Object.keys(who).find((k) => who[k] === d.customer_id)!, d.due]));
    // 09:00 WIB = 02:00 UTC, 09:00 WITA = 01:00 UTC, 09:00 WIT = 00:00 UTC.
    expect(byName).toEqual({
      ana: "2026-03-11T02:00",
      budi: "2026-03-11T01:00",
      citra: "2026-03-11T00:00",
      dewi: "2026-03-11T01:00",
      eko: "2026-03-11T02:00",
    });
  });

  it("quiet hours by the recipient's zone: at 20:30 WIB the WIB recipients go, the WIT one (from the record) waits for 08:00 WIT", async () => {
    const id = await draft(await csvAudience("merchant_user_id\nmu-zone-ana\nmu-zone-citra\n"));
    // 13:30 UTC = 20:30 WIB (allowed), 22:30 WIT (quiet 21:00–08:00).
    const now = new Date("2026-03-10T13:30:00Z");
    expect(await scheduleCampaign(actor, { campaignId: id, schedule: { mode: "now" } }, { database: t.db, now: () => now })).toMatchObject({ ok: true });
    const r = await drainCampaign(id, { database: t.db, client: s.client, now: () => now });
    expect(r.sent).toBe(1);
    const after = await t.db
      .select({ customerId: campaignRecipients.customerId, status: campaignRecipients.status, dueAt: campaignRecipients.dueAt })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, id));
    const ana = after.find((x) => x.customerId === who.ana)!;
    const citra = after.find((x) => x.customerId === who.citra)!;
    expect(ana.status).toBe("sent");
    expect(citra.status).toBe("pending");
    // 08:00 WIT the next morning = 23:00 UTC the same day: deferred, not dropped.
    expect(citra.dueAt?.toISOString()).toBe("2026-03-10T23:00:00.000Z");
    expect(r.nextAt?.toISOString()).toBe("2026-03-10T23:00:00.000Z");
    const later = await drainCampaign(id, { database: t.db, client: s.client, now: () => new Date("2026-03-10T23:00:30Z") });
    expect(later.sent).toBe(1);
  });
});
