import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { campaignRecipients, campaigns, reminders } from "~db/schema";
import { rows } from "~/db/rows.server";
import { drainCampaign, type SendDeps } from "~/services/campaigns/send.server";
import {
  cancelCampaign,
  resumeCampaign,
  retryFailed,
  scheduleCampaign,
} from "~/services/campaigns/lifecycle.server";
import {
  getCampaign,
  listCampaigns,
  recipientLog,
  recipientLogCsv,
} from "~/services/campaigns/recipients-log.server";
import { parse } from "csv-parse/sync";
import { useTestDb } from "../support/db";
import { control, makeCampaign, useCampaignSandbox, type Effects } from "./campaigns-delivery-support";

const t = useTestDb();
const s = useCampaignSandbox();
const actor = { email: "campaigns@loket.test" };

async function byStatus(campaignId: string): Promise<Record<string, number>> {
  const r = await rows<{ status: string; n: number }>(
    t.db,
    sql`select status, count(*)::int as n from campaign_recipients where campaign_id = ${campaignId} group by status`,
  );
  return Object.fromEntries(r.map((x) => [x.status, Number(x.n)]));
}

/** Drains like the job does, until the campaign stops sending or nothing is left (retries are due soon). */
async function drainAll(campaignId: string, deps: Partial<SendDeps> = {}, maxMs = 45_000) {
  const until = Date.now() + maxMs;
  for (;;) {
    const r = await drainCampaign(campaignId, {
      database: t.db,
      client: s.client,
      retryDelayMs: 50,
      budgetMs: 10_000,
      ...deps,
    });
    if (r.stop === "not_sending" || !r.nextAt || Date.now() > until) return r;
    await new Promise((res) =>
      setTimeout(res, Math.max(10, Math.min(200, r.nextAt!.getTime() - Date.now()))),
    );
  }
}

async function effects(): Promise<Effects> {
  return control<Effects>(s.sb, "/miniapp/effects");
}

describe("campaign delivery against the sandbox", () => {
  it("1,000 recipients with 5 % injected failures (http500, drop-after): every one ends sent or failed, none twice", async () => {
    await control(s.sb, "/miniapp/effects", undefined, "DELETE");
    const { campaignId } = await makeCampaign(t.db, s.sb, 1_000);
    await control(s.sb, "/faults", { op: "miniapp.push", mode: "http500", probability: 0.025 });
    await control(s.sb, "/faults", { op: "miniapp.push", mode: "drop-after", probability: 0.025 });
    try {
      const r = await drainAll(campaignId);
      expect(r.status).toBe("completed");
    } finally {
      await control(s.sb, "/faults", undefined, "DELETE");
    }
    const counts = await byStatus(campaignId);
    expect(counts).toEqual({ sent: 1_000 });
    const fx = await effects();
    expect(fx.duplicates).toEqual([]);
    expect(fx.total).toBe(1_000);
    expect(fx.perUserMaxPushes).toBe(1);
    // The faults did fire: some rows needed more than one attempt, each with its one Request-Id.
    const [retried] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from campaign_recipients where campaign_id = ${campaignId} and attempts > 1`,
    );
    expect(Number(retried!.n)).toBeGreaterThan(10);
  });

  it("a token GoPay refuses (401 / 5003) is failed with the reason; the others are sent", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 5, { badTokens: [2] });
    await drainAll(campaignId);
    const [bad] = await t.db
      .select()
      .from(campaignRecipients)
      .where(
        sql`${campaignRecipients.campaignId} = ${campaignId} and ${campaignRecipients.status} = 'failed'`,
      );
    expect(bad).toMatchObject({ httpStatus: 401, gopayCode: "5003", attempts: 1 });
    expect(bad!.gopayMessage).toContain("token");
    expect(await byStatus(campaignId)).toEqual({ sent: 4, failed: 1 });
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(c!.status).toBe("completed");
  });

  it("consecutive 5xx back off and pause the campaign with a reason instead of burning the audience; resume finishes it, none twice", async () => {
    await control(s.sb, "/miniapp/effects", undefined, "DELETE");
    const { campaignId } = await makeCampaign(t.db, s.sb, 60);
    await control(s.sb, "/faults", { op: "miniapp.push", mode: "http503", probability: 1 });
    let r;
    try {
      r = await drainCampaign(campaignId, {
        database: t.db,
        client: s.client,
        retryDelayMs: 10,
        batchSize: 10,
        pauseAfterErrors: 20,
        sleep: async () => {},
      });
    } finally {
      await control(s.sb, "/faults", undefined, "DELETE");
    }
    expect(r.status).toBe("paused");
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(c!.status).toBe("paused");
    expect(c!.pauseReason).toMatch(/^gopay_errors:2\d:HTTP 503/);
    const counts = await byStatus(campaignId);
    expect(counts.failed ?? 0).toBe(0);
    expect(counts.pending).toBe(60);
    expect((await resumeCampaign(actor, campaignId, { database: t.db })).ok).toBe(true);
    expect((await drainAll(campaignId)).status).toBe("completed");
    expect(await byStatus(campaignId)).toEqual({ sent: 60 });
    const fx = await effects();
    expect(fx.duplicates).toEqual([]);
    expect(fx.total).toBe(60);
  });

  it("cancel during sending: nothing is sent after cancel returns", async () => {
    await control(s.sb, "/miniapp/effects", undefined, "DELETE");
    const { campaignId } = await makeCampaign(t.db, s.sb, 400, { throttle: 100 });
    const drain = drainAll(campaignId, { batchSize: 50 });
    for (let i = 0; i < 200 && (await effects()).total < 40; i++) await new Promise((r) => setTimeout(r, 25));
    const out = await cancelCampaign(actor, campaignId, { database: t.db });
    expect(out.ok).toBe(true);
    const atCancel = (await effects()).total;
    expect(atCancel).toBeGreaterThan(0);
    const r = await drain;
    expect(r.status).toBe("cancelled");
    await new Promise((res) => setTimeout(res, 300));
    const after = await effects();
    expect(after.total).toBe(atCancel);
    expect(after.duplicates).toEqual([]);
    const counts = await byStatus(campaignId);
    expect(counts.sent).toBe(atCancel);
    expect(counts.pending ?? 0).toBe(0);
    expect(counts.sending ?? 0).toBe(0);
    // No send is failed by absence: a row waiting for a retry (or in flight) at the cancel is 'unknown'.
    expect(counts.failed ?? 0).toBe(0);
    expect((counts.sent ?? 0) + (counts.skipped ?? 0) + (counts.unknown ?? 0)).toBe(400);
  });

  it("quiet hours defer to 08:00 in each recipient's zone (clock injected); nothing is dropped", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 6, {
      status: "draft",
      zones: ["WIB", "WITA", "WIT"],
      quiet: true,
    });
    // 22:30 WIB = 15:30 UTC: inside 21:00–08:00 in every zone.
    const now = new Date("2026-03-10T15:30:00Z");
    const out = await scheduleCampaign(
      actor,
      { campaignId, schedule: { mode: "now" } },
      { database: t.db, now: () => now },
    );
    expect(out.ok).toBe(true);
    const due = await rows<{ zone: string; due: string }>(
      t.db,
      sql`select distinct zone, to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as due from campaign_recipients where campaign_id = ${campaignId} order by zone`,
    );
    // 08:00 WIB = 01:00 UTC, 08:00 WITA = 00:00 UTC, 08:00 WIT = 23:00 UTC the day before.
    expect(due).toEqual([
      { zone: "WIB", due: "2026-03-11T01:00" },
      { zone: "WIT", due: "2026-03-10T23:00" },
      { zone: "WITA", due: "2026-03-11T00:00" },
    ]);
    // At 07:30 WITA (23:30 UTC) only the WIT rows are due; the job finds nothing else to send.
    const r = await drainCampaign(campaignId, {
      database: t.db,
      client: s.client,
      now: () => new Date("2026-03-10T23:30:00Z"),
    });
    expect(r.sent).toBe(2);
    expect(await byStatus(campaignId)).toEqual({ sent: 2, pending: 4 });
    expect(r.nextAt?.toISOString()).toBe("2026-03-11T00:00:00.000Z");
  });

  it("a paused campaign resumed inside the quiet hours defers its due rows instead of sending", async () => {
    const night = new Date("2026-03-10T16:00:00Z"); // 23:00 WIB
    const { campaignId } = await makeCampaign(t.db, s.sb, 3, {
      zones: ["WIB"],
      dueAt: new Date("2026-03-10T13:00:00Z"),
      quiet: true,
    });
    const r = await drainCampaign(campaignId, { database: t.db, client: s.client, now: () => night });
    expect(r.sent).toBe(0);
    const [row] = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId))
      .limit(1);
    expect(row!.status).toBe("pending");
    expect(row!.dueAt?.toISOString()).toBe("2026-03-11T01:00:00.000Z");
  });

  it("retry failed recipients only: a refused send gets a new Request-Id, a sent one is not touched", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 4, { badTokens: [0] });
    await drainAll(campaignId);
    const before = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId));
    const out = await retryFailed(actor, campaignId, { database: t.db });
    expect(out).toMatchObject({ ok: true, retried: 1 });
    const after = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId));
    const failedBefore = before.find((r) => r.status === "failed")!;
    const sameRow = after.find((r) => r.id === failedBefore.id)!;
    expect(sameRow.status).toBe("pending");
    expect(sameRow.requestId).not.toBe(failedBefore.requestId);
    for (const r of after.filter((x) => x.id !== failedBefore.id))
      expect(r.requestId).toBe(before.find((b) => b.id === r.id)!.requestId);
    expect((await retryFailed(actor, campaignId, { database: t.db })).ok).toBe(false);
  });

  it("reminder campaigns create reminders (recorded with GoPay's id)", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 3, { kind: "reminder" });
    expect((await drainAll(campaignId)).status).toBe("completed");
    expect(await byStatus(campaignId)).toEqual({ sent: 3 });
    const recs = await t.db.select().from(reminders).where(eq(reminders.campaignId, campaignId));
    expect(recs).toHaveLength(3);
    for (const r of recs) expect(r.reminderId).toMatch(/^RM-/);
    const rows2 = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId));
    expect(rows2.every((r) => r.reminderId?.startsWith("RM-"))).toBe(true);
  });

  it("the pages' reads: progress, the list, the log (status filter, phone / name search, keyset pages) and its CSV", async () => {
    const { campaignId, customerIds } = await makeCampaign(t.db, s.sb, 7, { badTokens: [3] });
    await drainAll(campaignId);
    const c = await getCampaign(t.db, campaignId);
    expect(c!.progress).toMatchObject({ total: 7, sent: 6, failed: 1, pending: 0 });
    const list = await listCampaigns(t.db, { limit: 100 });
    expect(list.rows.find((r) => r.id === campaignId)?.progress.sent).toBe(6);
    const failed = await recipientLog(t.db, campaignId, { status: "failed" });
    expect(failed.rows.map((r) => r.customerId)).toEqual([customerIds[3]]);
    expect(failed.rows[0]).toMatchObject({ httpStatus: 401, gopayCode: "5003" });
    const p1 = await recipientLog(t.db, campaignId, {}, 3);
    expect(p1.rows).toHaveLength(3);
    expect(p1.newerCursor).toBeNull();
    const p2 = await recipientLog(t.db, campaignId, { after: p1.olderCursor }, 3);
    const p3 = await recipientLog(t.db, campaignId, { after: p2.olderCursor }, 3);
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.customerId)).toEqual(customerIds);
    expect(p3.olderCursor).toBeNull();
    const back = await recipientLog(t.db, campaignId, { before: p2.newerCursor }, 3);
    expect(back.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    const one = p2.rows[0]!;
    expect(
      (await recipientLog(t.db, campaignId, { q: `0${one.phone!.slice(2)}` })).rows.map((r) => r.id),
    ).toEqual([one.id]);
    const byName = await recipientLog(t.db, campaignId, { q: one.name!.split(" ")[0]!.toLowerCase() });
    expect(byName.rows.map((r) => r.id)).toContain(one.id);
    const text = await new Response(recipientLogCsv(t.db, campaignId, {})).text();
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(7);
    expect(records.filter((r) => r.status === "sent")).toHaveLength(6);
    expect(records.find((r) => r.status === "failed")).toMatchObject({
      http_status: "401",
      gopay_code: "5003",
    });
  });
});
