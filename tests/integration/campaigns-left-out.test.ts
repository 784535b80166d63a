import { beforeAll, describe, expect, it } from "vitest";
import { encryptSecret } from "~/lib/crypto.server";
import { createDraftCampaign } from "~/services/campaigns/draft.server";
import { campaignLeftOut } from "~/services/campaigns/left-out.server";
import { campaignAction } from "~/services/campaigns/lifecycle-actions.server";
import { getCampaignPreview } from "~/services/campaigns/preview.server";
import { scheduleInPast } from "~/services/campaigns/schedule.server";
import { unreachableInSegment } from "~/services/campaigns/segments.server";
import { listTemplates, seedDemoTemplates } from "~/services/campaigns/templates.server";
import { customers } from "~db/schema";
import { useTestDb } from "../support/db";
import { ensureTestEncryptionKey, makeStaff } from "./auth-helpers";

/**
 * A segment's left-out customers are listed (by customer: a segment has no CSV lines), not only
 * counted — the pages said "…and 3 more" of an empty list. And a draft whose time has passed is
 * flagged on its preview, and refused with the campaign page's sentence when scheduled.
 */
const t = useTestDb();
let actor: { id: string; email: string };
let templateId: string;
const unreachable: string[] = [];

beforeAll(async () => {
  ensureTestEncryptionKey();
  const s = await makeStaff(t.db, "campaigns");
  actor = { id: s.id, email: s.email };
  await seedDemoTemplates(t.db, s.id);
  templateId = (await listTemplates(t.db)).find((x) => x.name === "HK_PDS_NOTIFY")!.id;
  await t.db.insert(customers).values({
    name: "Reachable",
    phone: "6281299990001",
    searchName: "reachable",
    authTokenEnc: encryptSecret("AT-left-out-1"),
  });
  for (const [i, name] of ["Tanpa Token Satu", "Tanpa Token Dua", "Tanpa Token Tiga"].entries()) {
    const [c] = await t.db
      .insert(customers)
      .values({ name, phone: `628129999001${i}`, searchName: name.toLowerCase(), authTokenEnc: null })
      .returning({ id: customers.id });
    unreachable.push(c!.id);
  }
  unreachable.sort();
});

const draft = (schedule: Parameters<typeof createDraftCampaign>[1]["schedule"]) =>
  createDraftCampaign(
    t.db,
    {
      name: `Left out ${Math.random().toString(36).slice(2, 8)}`,
      templateId,
      paramSources: { title: { type: "fixed", value: "Kangen" }, body: { type: "fixed", value: "Promo" } },
      audience: { type: "segment", segment: "no_order_30_days" },
      schedule,
      quietStart: "21:00",
      quietEnd: "08:00",
      throttlePerSecond: 50,
    },
    actor,
  );

describe("a segment's left-out customers", () => {
  it("are listed by customer, with their names, on the campaign page and the preview", async () => {
    expect(await unreachableInSegment(t.db, "no_order_30_days", new Date(), 10)).toEqual(unreachable);
    const r = await draft({ mode: "now" });
    expect(r).toMatchObject({ ok: true, included: 1, excluded: { no_token: 3 } });
    if (!r.ok) return;

    const left = await campaignLeftOut(t.db, r.campaignId);
    expect(left!.total).toBe(3);
    expect(left!.stored).toBe(3);
    expect(left!.problems.map((p) => p.customerId).sort()).toEqual(unreachable);
    for (const p of left!.problems) {
      expect(p).toMatchObject({ line: null, reason: "no_token" });
      expect(p.customer?.name).toMatch(/^Tanpa Token/);
    }

    const preview = await getCampaignPreview(t.db, r.campaignId);
    expect(preview!.excludedTotal).toBe(3);
    expect(preview!.problems).toHaveLength(3);
    expect(preview!.problems.every((p) => p.customer?.name?.startsWith("Tanpa Token"))).toBe(true);
  });
});

describe("a draft whose time has passed", () => {
  it("is flagged on the preview and refused with the campaign page's sentence", async () => {
    const now = new Date();
    const past = { mode: "at" as const, at: new Date(now.getTime() - 3600_000).toISOString(), zone: "WIB" as const };
    const future = { ...past, at: new Date(now.getTime() + 3600_000).toISOString() };
    expect(scheduleInPast(past, now)).toBe(true);
    expect(scheduleInPast(future, now)).toBe(false);
    expect(scheduleInPast({ mode: "now" }, now)).toBe(false);
    // A minute of grace, as scheduling has.
    expect(scheduleInPast({ ...past, at: new Date(now.getTime() - 30_000).toISOString() }, now)).toBe(false);

    const r = await draft(past);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const preview = await getCampaignPreview(t.db, r.campaignId, { now });
    expect(preview!.scheduleInPast).toBe(true);
    const out = await campaignAction(actor, r.campaignId, {
      intent: "schedule",
      input: { schedule: past, quietStart: "21:00", quietEnd: "08:00", throttlePerSecond: 50 },
    });
    expect(out).toEqual({ ok: false, key: "campaigns:delivery.errors.scheduleInPast" });

    const ahead = await draft(future);
    if (!ahead.ok) throw new Error("draft refused");
    expect((await getCampaignPreview(t.db, ahead.campaignId, { now }))!.scheduleInPast).toBe(false);
  });
});
