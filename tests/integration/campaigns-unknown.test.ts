import { eq, sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { campaignRecipients, campaigns } from "~db/schema";
import { rows } from "~/db/rows.server";
import { cancelCampaign, retryFailed } from "~/services/campaigns/lifecycle.server";
import { getCampaign, recipientLog, recipientLogCsv } from "~/services/campaigns/recipients-log.server";
import { drainCampaign, type SendDeps } from "~/services/campaigns/send.server";
import { useTestDb } from "../support/db";
import { control, makeCampaign, useCampaignSandbox, type Effects } from "./campaigns-delivery-support";

/**
 * "An unknown outcome is never called failed because GoPay has not shown it yet": a send whose
 * answer never came (timeout, 5xx, dropped answer) may have been delivered. It ends 'unknown' with
 * its request_id — after the last attempt, or when a cancel finds it waiting for a retry or in
 * flight — and "retry failed" sends it again with that same Request-Id (GoPay replays, one effect).
 */

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

async function drainAll(campaignId: string, deps: Partial<SendDeps> = {}, maxMs = 20_000) {
  const until = Date.now() + maxMs;
  for (;;) {
    const r = await drainCampaign(campaignId, {
      database: t.db,
      client: s.client,
      retryDelayMs: 20,
      budgetMs: 10_000,
      sleep: async () => {},
      pauseAfterErrors: 1_000,
      ...deps,
    });
    if (r.stop === "not_sending" || !r.nextAt || Date.now() > until) return r;
    await new Promise((res) =>
      setTimeout(res, Math.max(10, Math.min(200, r.nextAt!.getTime() - Date.now()))),
    );
  }
}

const recipientsOf = (campaignId: string) =>
  t.db
    .select()
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId))
    .orderBy(campaignRecipients.id);

describe("campaign recipients whose outcome is unknown", () => {
  it("max attempts without an answer → 'unknown' (not failed), campaign completed but not all delivered; retry re-sends with the SAME Request-Id and the sandbox counts one effect", async () => {
    await control(s.sb, "/miniapp/effects", undefined, "DELETE");
    const { campaignId } = await makeCampaign(t.db, s.sb, 3);
    const before = await recipientsOf(campaignId);
    // GoPay executes the push, but its answer is lost on every attempt.
    await control(s.sb, "/faults", { op: "miniapp.push", mode: "drop-after", probability: 1 });
    let r;
    try {
      r = await drainAll(campaignId, { maxAttempts: 2 });
    } finally {
      await control(s.sb, "/faults", undefined, "DELETE");
    }
    expect(r.status).toBe("completed");
    expect(await byStatus(campaignId)).toEqual({ unknown: 3 });
    const after = await recipientsOf(campaignId);
    for (const row of after) {
      expect(row.requestId).toBe(before.find((b) => b.id === row.id)!.requestId);
      expect(row.attempts).toBe(2);
      expect(row.gopayMessage).toMatch(/^Outcome unknown after 2 attempts/);
    }
    // The page: counted as unknown, never as sent or failed.
    const c = await getCampaign(t.db, campaignId);
    expect(c!.status).toBe("completed");
    expect(c!.progress).toMatchObject({ total: 3, unknown: 3, sent: 0, failed: 0, pending: 0 });
    expect((await recipientLog(t.db, campaignId, { status: "unknown" })).rows).toHaveLength(3);
    expect((await recipientLog(t.db, campaignId, { status: "failed" })).rows).toHaveLength(0);
    const csv = parse(await new Response(recipientLogCsv(t.db, campaignId, {})).text(), {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.map((x) => x.status)).toEqual(["unknown", "unknown", "unknown"]);
    expect(csv.map((x) => x.request_id)).toEqual(before.map((b) => b.requestId));

    // The pushes did happen at GoPay, once each.
    const fx1 = await control<Effects>(s.sb, "/miniapp/effects");
    expect(fx1.total).toBe(3);
    expect(fx1.duplicates).toEqual([]);

    // "Retry failed" picks the unknown rows up and keeps their Request-Ids: GoPay replays.
    expect(await retryFailed(actor, campaignId, { database: t.db })).toMatchObject({ ok: true, retried: 3 });
    const queued = await recipientsOf(campaignId);
    expect(queued.map((x) => [x.status, x.requestId])).toEqual(before.map((b) => ["pending", b.requestId]));
    expect((await drainAll(campaignId)).status).toBe("completed");
    expect(await byStatus(campaignId)).toEqual({ sent: 3 });
    const fx2 = await control<Effects>(s.sb, "/miniapp/effects");
    expect(fx2.total).toBe(3);
    expect(fx2.duplicates).toEqual([]);
    for (const b of before)
      expect((await control<{ count: number }>(s.sb, `/miniapp/effects/${b.requestId}`)).count).toBe(1);
  });

  it("a campaign of only refused rows is failed; one with unknown rows left is completed", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 2, { badTokens: [0, 1] });
    expect((await drainAll(campaignId)).status).toBe("failed");
    // Row 0: one 503 (its only attempt) → unknown; row 1: a revoked token → refused (401).
    const mixed = await makeCampaign(t.db, s.sb, 2, { badTokens: [1] });
    await control(s.sb, "/faults", { op: "miniapp.push", mode: "http503", count: 1 });
    try {
      expect((await drainAll(mixed.campaignId, { maxAttempts: 1, concurrency: 1 })).status).toBe("completed");
    } finally {
      await control(s.sb, "/faults", undefined, "DELETE");
    }
    expect(await byStatus(mixed.campaignId)).toEqual({ failed: 1, unknown: 1 });
    const rowsBefore = await recipientsOf(mixed.campaignId);
    expect(await retryFailed(actor, mixed.campaignId, { database: t.db })).toMatchObject({
      ok: true,
      retried: 2,
    });
    const rowsAfter = await recipientsOf(mixed.campaignId);
    const refused = rowsBefore.find((x) => x.status === "failed")!;
    const unknown = rowsBefore.find((x) => x.status === "unknown")!;
    // The refused send is a new intent (new Request-Id); the unknown one keeps its own.
    expect(rowsAfter.find((x) => x.id === refused.id)!.requestId).not.toBe(refused.requestId);
    expect(rowsAfter.find((x) => x.id === unknown.id)!.requestId).toBe(unknown.requestId);
  });

  it("cancel: a row waiting for a retry ends 'unknown' with its Request-Id; a row never called is skipped", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 3);
    const ids = await recipientsOf(campaignId);
    // The last row is not due yet: it is never called.
    await t.db
      .update(campaignRecipients)
      .set({ dueAt: new Date(Date.now() + 3_600_000) })
      .where(eq(campaignRecipients.id, ids[2]!.id));
    await control(s.sb, "/faults", { op: "miniapp.push", mode: "http503", probability: 1 });
    try {
      const r = await drainCampaign(campaignId, {
        database: t.db,
        client: s.client,
        retryDelayMs: 600_000,
        sleep: async () => {},
      });
      expect(r).toMatchObject({ retried: 2, failed: 0 });
    } finally {
      await control(s.sb, "/faults", undefined, "DELETE");
    }
    expect(await byStatus(campaignId)).toEqual({ pending: 3 });
    expect((await cancelCampaign(actor, campaignId, { database: t.db })).ok).toBe(true);
    const after = await recipientsOf(campaignId);
    expect(after.map((x) => x.status)).toEqual(["unknown", "unknown", "skipped"]);
    expect(after.map((x) => x.requestId)).toEqual(ids.map((x) => x.requestId));
    expect(after[0]!.gopayMessage).toMatch(/^Outcome unknown/);
    const c = await getCampaign(t.db, campaignId);
    expect(c!.progress).toMatchObject({ unknown: 2, skipped: 1, failed: 0 });
  });

  it("cancel: a call in flight whose answer never comes back ends 'unknown', not failed", async () => {
    const { campaignId } = await makeCampaign(t.db, s.sb, 1);
    const [row] = await recipientsOf(campaignId);
    const r = await drainCampaign(campaignId, {
      database: t.db,
      client: s.client,
      sleep: async () => {},
      // The cancel commits while the call is at GoPay and gives up waiting at once.
      afterCall: async () => {
        expect((await cancelCampaign(actor, campaignId, { database: t.db, cancelWaitMs: 0 })).ok).toBe(true);
      },
    });
    expect(r.status).toBe("cancelled");
    const [after] = await recipientsOf(campaignId);
    expect(after).toMatchObject({ status: "unknown", requestId: row!.requestId });
    expect(after!.gopayMessage).toMatch(/in flight when the campaign was cancelled/);
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    expect(c!.status).toBe("cancelled");
  });
});
