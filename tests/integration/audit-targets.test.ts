import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { campaigns, coinBatches, coinPayouts, customers, reconDifferences, reminders } from "~db/schema";
import { audit, listAudit, type AuditAction } from "~/services/audit.server";
import { describeTargets, targetOf, type TargetView } from "~/services/audit-view.server";
import { auditCsvStream } from "~/services/audit-export.server";
import { pauseCampaign } from "~/services/campaigns/lifecycle.server";
import { createTemplate } from "~/services/campaigns/templates.server";
import { batchResultsCsv } from "~/services/coins/batch-view.server";
import { updateCoinSettings } from "~/services/coins/settings.server";
import { setWalletBalance } from "~/services/coins/wallet.server";
import { ignoreDifferences, startRun } from "~/services/reconciliation/actions.server";
import { useTestDb } from "../support/db";
import { insertOrder } from "../support/factories";
import { BROWSER_LANGUAGE, makeStaff } from "./auth-helpers";
import { startHttpApp, type HttpApp } from "./http-server";

/**
 * /audit names the targets of the newer sections (campaigns, templates, reminders, coins,
 * reconciliation, reports) as their own pages do and links them there, not as a type code and a
 * bare UUID; the target-type filter offers them, in both languages.
 */
const t = useTestDb();
let app: HttpApp;
beforeAll(async () => {
  app = await startHttpApp();
});
afterAll(async () => {
  await app.close();
});

const get = (path: string, cookie: string, language = BROWSER_LANGUAGE) =>
  fetch(`${app.url}${path}`, {
    headers: { Cookie: cookie, "Accept-Language": language },
    redirect: "manual",
  });
const UUID_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function customer(name: string | null, phone: string) {
  const [c] = await t.db
    .insert(customers)
    .values({
      merchantUserId: `MU-aud-${randomUUID()}`,
      name,
      searchName: name?.toLowerCase() ?? null,
      phone,
    })
    .returning();
  return c!;
}

/** Everything one staff member did, each entry written the way its section writes it. */
async function world() {
  const doer = await makeStaff(t.db, "admin");
  const actor = { id: doer.id, email: doer.email };
  const tag = randomUUID().slice(0, 8);

  // Campaign template and campaign: the real services write their entries.
  const saved = await createTemplate(
    t.db,
    { name: `AUDIT_TPL_${tag}`.toUpperCase(), kind: "push", description: "Hello", params: [] },
    actor,
  );
  if (!saved.ok) throw new Error("template not created");
  const template = saved.template;
  const [campaign] = await t.db
    .insert(campaigns)
    .values({
      name: `Ramadan promo ${tag}`,
      kind: "push",
      templateId: template.id,
      paramSources: {},
      audience: { type: "segment", segment: "all" },
      status: "sending",
    })
    .returning();
  expect(await pauseCampaign(actor, campaign!.id, { database: t.db })).toEqual({ ok: true });

  // Coins: a batch (its results CSV, audited as coins.batch.export), one of its lines, a single payout.
  const budi = await customer(`Budi ${tag}`, "6281234500001");
  const noName = await customer(null, "6281234500002");
  const [batch] = await t.db
    .insert(coinBatches)
    .values({
      filename: `coins-${tag}.csv`,
      status: "approved",
      rowCount: 1,
      totalAmount: 5_000_00n,
      submittedBy: doer.id,
    })
    .returning();
  const [line] = await t.db
    .insert(coinPayouts)
    .values({
      batchId: batch!.id,
      line: 1,
      customerId: noName.id,
      amount: 5_000_00n,
      description: "Promo",
      requestId: `CR-${randomUUID()}`,
      status: "queued",
    })
    .returning();
  const [single] = await t.db
    .insert(coinPayouts)
    .values({
      customerId: budi.id,
      amount: 10_000_00n,
      description: "Sorry",
      requestId: `CR-${randomUUID()}`,
      status: "awaiting_approval",
    })
    .returning();
  const results = await batchResultsCsv(t.db, batch!.id, actor);
  await results?.cancel();
  // The coin services that call GoPay (pay, approve) are heavy here: their entries as they write them.
  await audit(t.db, {
    actor,
    action: "coins.payout.request",
    targetType: "coin_payout",
    targetId: single!.id,
    amount: single!.amount,
    result: "pending",
  });
  await audit(t.db, {
    actor,
    action: "coins.payout.paid",
    targetType: "coin_payout",
    targetId: line!.id,
    amount: line!.amount,
    result: "ok",
  });
  await setWalletBalance(t.db, { balance: 2_000_000_00n, actor });
  await updateCoinSettings(t.db, {
    monthlyBudget: 50_000_000_00n,
    perRecipientCap: 1_000_000_00n,
    perPayoutCeiling: 500_000_00n,
    approvalThreshold: 100_000_00n,
    actor,
  });
  await audit(t.db, {
    actor,
    action: "coins.export",
    targetType: "coin_payouts",
    request: { filters: {} },
    result: "ok",
  });

  // Reminders: one about an order, one from a campaign (no order); the bulk ones.
  const order = await insertOrder(t.db, { orderId: `AUD-RM-${tag}` });
  const [aboutOrder] = await t.db
    .insert(reminders)
    .values({
      customerId: budi.id,
      orderId: order.id,
      templateName: "LOKET_PAYMENT_REMINDER",
      params: {},
      requestId: `RQ-${randomUUID()}`,
      status: "active",
    })
    .returning();
  const [fromCampaign] = await t.db
    .insert(reminders)
    .values({
      customerId: budi.id,
      campaignId: campaign!.id,
      templateName: "LOKET_PAYMENT_REMINDER",
      params: {},
      reminderId: `RM-${tag}`,
      requestId: `RQ-${randomUUID()}`,
      status: "active",
    })
    .returning();
  await audit(t.db, {
    actor,
    action: "reminder.delete",
    targetType: "reminder",
    targetId: aboutOrder!.id,
    result: "ok",
  });
  await audit(t.db, {
    actor,
    action: "reminder.delete",
    targetType: "reminder",
    targetId: fromCampaign!.id,
    result: "ok",
  });
  await audit(t.db, {
    actor,
    action: "reminder.bulk_create",
    targetType: "reminders",
    targetId: "payment_due",
    result: "ok",
  });

  // Reconciliation: a run started (real), then two of its differences ignored (real: the ids joined by commas).
  const started = await startRun({ from: "2026-01-05", to: "2026-01-07", actor });
  if (!started.ok) throw new Error("run not started");
  const diffOrders = [
    await insertOrder(t.db, { orderId: `AUD-RC1-${tag}` }),
    await insertOrder(t.db, { orderId: `AUD-RC2-${tag}` }),
  ];
  const diffs = await t.db
    .insert(reconDifferences)
    .values(
      diffOrders.map((o) => ({
        runId: started.runId,
        orderId: o.id,
        kind: "notification_missing",
        fingerprint: `fp-${o.id}`,
        details: {},
      })),
    )
    .returning();
  expect(await ignoreDifferences({ differenceIds: diffs.map((d) => d.id), actor })).toBe(2);

  // The report's export (its route audits it so; no id).
  await audit(t.db, {
    actor,
    action: "reports.export",
    targetType: "report",
    request: { range: { from: "2026-01-01", to: "2026-01-31" } },
    result: "ok",
  });

  return {
    doer,
    template,
    campaign: campaign!,
    batch: batch!,
    line: line!,
    single: single!,
    budi,
    noName,
    order,
    aboutOrder: aboutOrder!,
    fromCampaign: fromCampaign!,
    runId: started.runId,
    diffs,
    tag,
  };
}

const view = (v: TargetView | null) => v && { label: v.label, sub: v.sub, href: v.href };

describe("/audit targets of campaigns, coins, reminders, reconciliation and reports", () => {
  it("names each as its page does and links it there; the page shows names, not UUIDs; the CSV says the same", async () => {
    const w = await world();
    const page = await listAudit(t.db, { filters: { actorId: w.doer.id } });
    expect(page.rows).toHaveLength(14);
    const { targets } = await describeTargets(t.db, page.rows, { lng: "en" });
    const of = (action: string, targetId?: string | null): TargetView | null => {
      const row = page.rows.find(
        (r) => r.action === action && (targetId === undefined || r.targetId === targetId),
      );
      if (!row) throw new Error(`no ${action} entry`);
      return targetOf(row, targets);
    };

    expect(view(of("campaign.pause"))).toEqual({
      label: w.campaign.name,
      sub: undefined,
      href: `/campaigns/${w.campaign.id}`,
    });
    expect(view(of("campaign.template_create"))).toEqual({
      label: w.template.name,
      sub: undefined,
      href: "/campaigns/templates",
    });
    expect(view(of("coins.batch.export"))).toEqual({
      label: `coins-${w.tag}.csv`,
      sub: undefined,
      href: `/coins/batches/${w.batch.id}`,
    });
    // A single payout: its customer (phone beside the name), in /coins filtered to them; a batch's line: on its batch's page.
    expect(view(of("coins.payout.request"))).toEqual({
      label: w.budi.name,
      sub: "6281234500001",
      href: `/coins?customer=${w.budi.id}`,
    });
    expect(view(of("coins.payout.paid"))).toEqual({
      label: "6281234500002",
      sub: undefined,
      href: `/coins/batches/${w.batch.id}`,
    });
    // A reminder: its order (and whose), found on /campaigns/reminders by q; without an order, its customer and GoPay's id.
    expect(view(of("reminder.delete", w.aboutOrder.id))).toEqual({
      label: w.order.orderId,
      sub: w.budi.name,
      href: `/campaigns/reminders?q=${w.order.orderId}`,
    });
    expect(view(of("reminder.delete", w.fromCampaign.id))).toEqual({
      label: w.budi.name,
      sub: undefined,
      href: `/campaigns/reminders?q=RM-${w.tag}`,
    });
    // A run by its WIB days, selected on /finance/reconciliation; an ignore (difference ids joined by commas) by its run.
    expect(view(of("reconciliation.start"))).toEqual({
      label: "5 Jan 2026 – 7 Jan 2026",
      sub: undefined,
      href: `/finance/reconciliation?run=${w.runId}`,
    });
    const ignored = page.rows.find((r) => r.action === "reconciliation.ignore")!;
    expect(ignored.targetId).toContain(",");
    expect(view(targetOf(ignored, targets))).toEqual({
      label: "5 Jan 2026 – 7 Jan 2026",
      sub: undefined,
      href: `/finance/reconciliation?run=${w.runId}`,
    });
    // Pages rather than rows: the page's name (in the reader's language on the page), never the id "1".
    expect(of("coins.wallet.set")).toMatchObject({
      type: "coin_wallet",
      label: "Coins",
      labelWords: { key: "coins:title" },
      href: "/coins",
    });
    expect(of("coins.settings.update")).toMatchObject({
      type: "coin_settings",
      label: "Coin limits",
      href: "/settings/coins",
    });
    expect(of("coins.export")).toMatchObject({ type: "coin_payouts", label: "Coins", href: "/coins" });
    expect(of("reminder.bulk_create")).toMatchObject({
      type: "reminders",
      label: "Reminders",
      href: "/campaigns/reminders",
    });
    expect(of("reports.export")).toMatchObject({
      type: "report",
      label: "Reports",
      href: "/finance/reports",
    });
    // The older exports alike (no id was ever stored for them).
    expect(targetOf({ ...page.rows[0]!, targetType: "orders", targetId: null }, targets)).toMatchObject({
      label: "Orders",
      href: "/orders",
    });
    expect(targetOf({ ...page.rows[0]!, targetType: "audit_log", targetId: null }, targets)).toMatchObject({
      label: "Audit log",
      href: "/audit",
    });
    // Every entry has a label and a link; none is a bare UUID or the wallet's "1".
    for (const r of page.rows) {
      const v = targetOf(r, targets)!;
      expect(v.label, r.action).not.toMatch(UUID_TEXT);
      expect(v.label, r.action).not.toBe("1");
      expect(v.href, r.action).toBeTruthy();
    }
    // Gone (or never there): the stored id as before, no link; an unknown type too.
    const gone = randomUUID();
    expect(targetOf({ ...page.rows[0]!, targetType: "campaign", targetId: gone }, targets)).toEqual({
      type: "campaign",
      label: gone,
    });
    expect(targetOf({ ...page.rows[0]!, targetType: "gadget", targetId: "G-1" }, targets)).toEqual({
      type: "gadget",
      label: "G-1",
    });

    // Without a language (the CSV): days in ISO.
    const plain = await describeTargets(t.db, page.rows);
    expect(targetOf(ignored, plain.targets)!.label).toBe("2026-01-05 – 2026-01-07");

    // The page, as an admin: names and links, the translated type names, no UUID of a campaign or batch shown.
    const html = await (await get(`/audit?actor=${w.doer.id}`, w.doer.cookie)).text();
    expect(html).toContain(w.campaign.name);
    expect(html).toContain(`href="/campaigns/${w.campaign.id}"`);
    expect(html).not.toMatch(new RegExp(`>${w.campaign.id}<`));
    expect(html).not.toMatch(new RegExp(`>${w.batch.id}<`));
    expect(html).not.toMatch(new RegExp(`>${w.single.id}<`));
    expect(html).toContain(`href="/coins/batches/${w.batch.id}"`);
    expect(html).toContain(`href="/finance/reconciliation?run=${w.runId}"`);
    expect(html).toContain(`href="/settings/coins"`);
    expect(html).toContain(`href="/campaigns/reminders?q=${w.order.orderId}"`);
    for (const type of [
      "Campaign",
      "Campaign template",
      "Coin batch",
      "Coin payout",
      "Coin wallet",
      "Reconciliation",
      "Report (export)",
    ])
      expect(html).toContain(`>${type}<`);
    expect(html).not.toMatch(/>coin_wallet</);

    // In Bahasa Indonesia: the type names and the pages' names as those sections say them; the run's days too.
    const id = await (await get(`/audit?actor=${w.doer.id}`, w.doer.cookie, "id")).text();
    for (const type of [
      "Kampanye",
      "Templat kampanye",
      "Batch koin",
      "Pembayaran koin",
      "Dompet koin",
      "Rekonsiliasi",
      "Pengingat",
    ])
      expect(id).toContain(`>${type}<`);
    expect(id).toContain(">Koin GoPay<");
    expect(id).toContain(">Batas koin<");

    // A finance reader (no campaigns:read, no settings:limits): the names without links to refusals; coins and finance linked.
    const finance = await makeStaff(t.db, "finance");
    const fin = await (await get(`/audit?actor=${w.doer.id}`, finance.cookie)).text();
    expect(fin).toContain(w.campaign.name);
    expect(fin).not.toContain(`href="/campaigns/${w.campaign.id}"`);
    expect(fin).not.toContain(`href="/settings/coins"`);
    expect(fin).toContain(`href="/coins/batches/${w.batch.id}"`);
    expect(fin).toContain(`href="/finance/reconciliation?run=${w.runId}"`);

    // The CSV: a row's own label (the campaign's name, the run's ISO days); a page's name is no label of the target.
    const csv = await new Response(auditCsvStream(t.db, { actorId: w.doer.id })).text();
    const lineOf = (action: string) => csv.split("\n").find((l) => l.includes(`,${action},`))!;
    expect(lineOf("campaign.pause")).toContain(`,campaign,${w.campaign.id},${w.campaign.name},`);
    expect(lineOf("reconciliation.start")).toContain(`,reconciliation,${w.runId},2026-01-05 – 2026-01-07,`);
    expect(lineOf("coins.wallet.set")).toContain(",coin_wallet,1,,");
  });

  it("the target-type filter offers the newer types by name and keeps to the chosen one", async () => {
    const viewer = await makeStaff(t.db, "viewer");
    const act = `test.filter${Date.now()}` as AuditAction;
    await audit(t.db, {
      actor: null,
      action: act,
      targetType: "campaign",
      targetId: randomUUID(),
      result: "ok",
    });
    await audit(t.db, { actor: null, action: act, targetType: "coin_wallet", targetId: "1", result: "ok" });
    const html = await (await get(`/audit?action=${act}&targetType=campaign`, viewer.cookie)).text();
    expect(html).toContain(`<option value="campaign" selected="">Campaign</option>`);
    for (const [type, name] of [
      ["coin_batch", "Coin batch"],
      ["coin_payout", "Coin payout"],
      ["coin_payouts", "Coin payouts (export)"],
      ["coin_wallet", "Coin wallet"],
      ["coin_settings", "Coin settings"],
      ["campaign_template", "Campaign template"],
      ["reminder", "Reminder"],
      ["reminders", "Reminders (bulk)"],
      ["reconciliation", "Reconciliation"],
      ["report", "Report (export)"],
    ])
      expect(html).toContain(`<option value="${type}">${name}</option>`);
    // The campaign's entry only (the filter is the type's code, as stored).
    expect(html).toContain(">Campaign</div>");
    expect(html).not.toContain(">Coin wallet</div>");
    const id = await (await get(`/audit?action=${act}&targetType=coin_wallet`, viewer.cookie, "id")).text();
    expect(id).toContain(`<option value="coin_wallet" selected="">Dompet koin</option>`);
    expect(id).toContain(">Dompet koin</div>");
    expect(id).toMatch(/href="\/coins"[^>]*>Koin GoPay<\/a>/);
    expect(id).not.toContain(">Kampanye</div>");
  });
});
