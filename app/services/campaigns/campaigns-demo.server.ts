import { and, asc, eq, isNotNull, like, notLike, sql } from "drizzle-orm";
import { campaigns, customers, orders, reminders, staff } from "~db/schema";
import type { Db } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { env } from "~/env.server";
import { decryptSecret } from "~/lib/crypto.server";
import { wibDateString } from "~/lib/time";
import { registerDemoStep } from "~/services/demo-data/seed.server";
import { sandboxControl } from "~/services/demo-data/sandbox.server";
import { createReminder } from "~/services/reminders/create.server";
import { paymentDueTemplate } from "~/services/reminders/registry.server";
import { paymentDueParams } from "~/services/reminders/templates";
import { demoEmail } from "~/services/staff/demo-staff.server";
import { parseAudienceCsv } from "./csv.server";
import { createDraftCampaign, type DraftInput } from "./draft.server";
import { scheduleCampaign } from "./lifecycle.server";
import { isQuiet } from "./quiet-hours";
import type { ParamSources } from "./render";
import { drainCampaign } from "./send.server";
import { listTemplates } from "./templates.server";

/**
 * Demo data for the campaigns role, through the same services a campaign manager's clicks use
 * (so counts, Request-Ids and audit rows are what the real flow leaves), by the demo's campaigns@:
 *  - "Promo gajian": a push campaign from a CSV (one row names nobody Loket knows: excluded with its
 *    line), sent now by the delivery engine against the sandbox — delivered to the demo customers;
 *    two customers whose mini-app token GoPay refuses end 'failed' with GoPay's reason; completed;
 *  - "Flash sale akhir pekan": scheduled three days ahead at 09:00 in each recipient's zone;
 *  - "Kangen belanja": a draft for the "no order in 30 days" segment;
 *  - "payment due" reminders on the sample's unpaid orders (PUT reminder at the sandbox).
 * Templates come from the registry the templates step seeds (campaign-templates, registered
 * before this one). Idempotent: each campaign is found by name (and finished if a run stopped
 * mid-send: the same recipients, the same Request-Ids); reminders only for orders that never had one.
 * Registered on import; app/services/demo-data/boot.server.ts imports this module.
 */
export const DEMO_CAMPAIGNS = {
  completed: "Promo gajian: gratis ongkir",
  scheduled: "Flash sale akhir pekan",
  draft: "Kangen belanja: 30 hari tanpa pesanan",
} as const;
const DEMO_REMINDERS = 3;
/** History customers (the first by merchant user id) whose tokens the sandbox is never told. */
export const REFUSED_HISTORY_CUSTOMERS = 2;
const SAMPLE_CUSTOMER = "demo-user-";

const fixed = (value: string) => ({ type: "fixed" as const, value });

async function campaignByName(database: Db, name: string, createdBy: string) {
  const [c] = await database
    .select({ id: campaigns.id, status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.name, name), eq(campaigns.createdBy, createdBy)))
    .limit(1);
  return c;
}

const csvBytes = (lines: string[]) => new TextEncoder().encode(`${lines.join("\n")}\n`);

/** Sends the campaign to the end, as the send job would (the app's own worker may drain it too). */
async function drainToEnd(database: Db, campaignId: string): Promise<string> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await drainCampaign(campaignId, { database, workerId: "demo-seed" });
    if (r.status !== "sending" || Date.now() > until) return r.status;
    const wait = r.nextAt ? Math.min(Math.max(r.nextAt.getTime() - Date.now(), 50), 2_000) : 200;
    await new Promise((res) => setTimeout(res, wait));
  }
}

export async function seedDemoCampaigns(database: Db, now: Date): Promise<string[]> {
  const [manager] = await database
    .select({ id: staff.id, email: staff.email })
    .from(staff)
    .where(eq(staff.email, demoEmail("campaigns")))
    .limit(1);
  if (!manager) return [];
  const sample = await database
    .select({ id: customers.id, merchantUserId: customers.merchantUserId, name: customers.name })
    .from(customers)
    .where(and(like(customers.merchantUserId, `${SAMPLE_CUSTOMER}%`), isNotNull(customers.authTokenEnc)))
    .orderBy(asc(customers.merchantUserId));
  // The sample (customers who opened the mini app at the sandbox) is not there yet: nothing to do.
  if (sample.length === 0) return [];
  const templates = new Map((await listTemplates(database)).map((t) => [t.name, t]));
  const lines: string[] = [];
  const warn = (w: string) => lines.push(`  ! demo campaigns: ${w}`);
  const actor = { id: manager.id, email: manager.email };
  let sandboxUp = false;
  const sandbox = async () => {
    if (!sandboxUp) await sandboxControl(env().GOPAY_SNAP_BASE_URL).waitUntilUp();
    sandboxUp = true;
  };
  const draft = async (name: string, templateName: string, rest: Omit<DraftInput, "name" | "templateId">) => {
    const t = templates.get(templateName);
    if (!t) {
      warn(`template ${templateName} is not in the registry: "${name}" not seeded`);
      return undefined;
    }
    const r = await createDraftCampaign(database, { name, templateId: t.id, ...rest }, actor, { now });
    if (!r.ok) warn(`"${name}": draft refused (${r.reason})`);
    return r.ok ? r : undefined;
  };
  const base = { quietStart: "21:00", quietEnd: "08:00", throttlePerSecond: 20 };

  // ── The history's customers at the sandbox ───────────────────────────────────────────────────
  // The generated history stores mini-app tokens the sandbox never issued; the sandbox is told
  // them (its documented control, POST /_sandbox/miniapp/users/register, idempotent by token) so
  // a campaign to the history's customers — the segment draft below — is delivered. Every run:
  // a fresh sandbox state forgets them. All but REFUSED_HISTORY_CUSTOMERS, the first by merchant
  // user id: their tokens stay unknown to GoPay, as a revoked consent would be (see below).
  const history = await database
    .select({
      merchantUserId: customers.merchantUserId,
      name: customers.name,
      phone: customers.phone,
      token: customers.authTokenEnc,
    })
    .from(customers)
    .where(and(notLike(customers.merchantUserId, `${SAMPLE_CUSTOMER}%`), isNotNull(customers.authTokenEnc)))
    .orderBy(asc(customers.merchantUserId));
  const refused = history.slice(0, REFUSED_HISTORY_CUSTOMERS);
  const known = history.slice(REFUSED_HISTORY_CUSTOMERS).filter((c) => c.phone);
  if (known.length) {
    try {
      await sandbox();
      const r = await sandboxControl(env().GOPAY_SNAP_BASE_URL).post<{ added: number; known: number }>(
        "/miniapp/users/register",
        { users: known.map((c) => ({ phone: c.phone, name: c.name, authToken: decryptSecret(c.token!) })) },
      );
      if (r.added) lines.push(`  sandbox: ${r.added} history customers' mini-app tokens registered`);
    } catch (e) {
      warn(`history customers not registered at the sandbox (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  // ── A push campaign sent now to a CSV, completed ─────────────────────────────────────────────
  let done = await campaignByName(database, DEMO_CAMPAIGNS.completed, manager.id);
  if (!done) {
    // Two customers of the history whose mini-app token GoPay does not accept (the sandbox never
    // issued it, and the registration above leaves them out): their pushes are refused with
    // GoPay's reason, as a revoked consent would be.
    const first = (n: string | null) => (n ?? "").trim().split(/\s+/)[0] || "Kak";
    const csv = [...sample, ...refused].map(
      (c, i) =>
        `${c.merchantUserId},"Hai ${first(c.name)}, pakai kode GAJIAN${String(i + 1).padStart(2, "0")} sampai Minggu 23.59 WIB: gratis ongkir tanpa minimum belanja."`,
    );
    // A row the CRM export kept for a customer Loket does not know: excluded, named by its line.
    csv.splice(3, 0, `demo-user-404,"Hai Kak, pakai kode GAJIAN99 sampai Minggu 23.59 WIB."`);
    const parsed = await parseAudienceCsv(csvBytes(["merchant_user_id,pesan", ...csv]));
    const sources: ParamSources = {
      title: fixed("Gajian tiba: gratis ongkir!"),
      body: { type: "column", column: "pesan" },
      cta: fixed("Belanja"),
    };
    // Sent "now": outside quiet hours the default window; a seed run at night sends anyway (an
    // empty window, 00:00–00:00), or the demo's only finished campaign would wait for 08:00.
    const night = isQuiet(now, "WIB", { start: base.quietStart, end: base.quietEnd });
    const made = await draft(DEMO_CAMPAIGNS.completed, "LOKET_PROMO_PUSH", {
      ...base,
      ...(night ? { quietStart: "00:00", quietEnd: "00:00" } : {}),
      paramSources: sources,
      audience: { type: "csv", filename: "promo-gajian.csv", parsed },
      schedule: { mode: "now" },
    });
    if (made) {
      await sandbox();
      const s = await scheduleCampaign(
        actor,
        { campaignId: made.campaignId, schedule: { mode: "now" } },
        { database },
      );
      if (!s.ok) warn(`"${DEMO_CAMPAIGNS.completed}": not scheduled (${s.refused})`);
      done = { id: made.campaignId, status: "scheduled" };
    }
  }
  if (done && ["scheduled", "sending"].includes(done.status)) {
    await sandbox();
    const status = await drainToEnd(database, done.id);
    const [n] = await rows<{ sent: number; failed: number }>(
      database,
      sql`select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status = 'failed')::int as failed
          from campaign_recipients where campaign_id = ${done.id}`,
    );
    lines.push(
      `  campaign "${DEMO_CAMPAIGNS.completed}": ${status}, ${n?.sent ?? 0} sent, ${n?.failed ?? 0} failed`,
    );
    if (status !== "completed") warn(`"${DEMO_CAMPAIGNS.completed}" ended ${status}`);
  }

  // ── Scheduled: three days ahead, 09:00 in each recipient's zone ──────────────────────────────
  if (!(await campaignByName(database, DEMO_CAMPAIGNS.scheduled, manager.id))) {
    const zones = ["WIB", "WIB", "WITA", "WIB", "WIT", "WITA"];
    const parsed = await parseAudienceCsv(
      csvBytes([
        "merchant_user_id,zone",
        ...sample.map((c, i) => `${c.merchantUserId},${zones[i % zones.length]}`),
      ]),
    );
    const date = wibDateString(new Date(now.getTime() + 3 * 24 * 3600_000));
    const schedule = { mode: "local" as const, date, time: "09:00" };
    const made = await draft(DEMO_CAMPAIGNS.scheduled, "HK_PDS_NOTIFY", {
      ...base,
      paramSources: {
        title: fixed("Flash sale akhir pekan"),
        body: fixed(
          "Diskon s.d. 50% untuk 200 pembeli pertama, mulai 09.00 waktu setempat. Cek sekarang di aplikasi.",
        ),
      },
      audience: { type: "csv", filename: "flash-sale.csv", parsed },
      schedule,
    });
    if (made) {
      const s = await scheduleCampaign(
        actor,
        { campaignId: made.campaignId, schedule },
        { database, now: () => now },
      );
      if (s.ok)
        lines.push(
          `  campaign "${DEMO_CAMPAIGNS.scheduled}": scheduled for ${date} 09:00 local, ${made.included} recipients`,
        );
      else warn(`"${DEMO_CAMPAIGNS.scheduled}": not scheduled (${s.refused})`);
    }
  }

  // ── A draft for a segment ────────────────────────────────────────────────────────────────────
  if (!(await campaignByName(database, DEMO_CAMPAIGNS.draft, manager.id))) {
    const made = await draft(DEMO_CAMPAIGNS.draft, "LOKET_PROMO_PUSH", {
      ...base,
      paramSources: {
        title: fixed("Kangen belanja di sini?"),
        body: fixed(
          "Sudah sebulan sejak pesanan terakhir Anda. Pakai kode KANGEN20 untuk diskon 20% sampai akhir bulan.",
        ),
        cta: fixed("Belanja"),
      },
      audience: { type: "segment", segment: "no_order_30_days" },
      schedule: { mode: "now" },
    });
    if (made)
      lines.push(
        `  campaign "${DEMO_CAMPAIGNS.draft}": draft, ${made.included} recipients, ${made.excludedTotal} excluded`,
      );
  }

  // ── "Payment due" reminders on the sample's unpaid orders ────────────────────────────────────
  const template = await paymentDueTemplate(database);
  const pending = await database
    .select({ id: orders.id, orderId: orders.orderId, amount: orders.amount, customerId: orders.customerId })
    .from(orders)
    .innerJoin(customers, eq(customers.id, orders.customerId))
    .where(
      and(
        like(orders.orderId, "DEMO-%"),
        eq(orders.status, "pending"),
        isNotNull(customers.authTokenEnc),
        sql`not exists (select 1 from ${reminders} r where r.order_id = ${orders.id})`,
      ),
    )
    .orderBy(asc(orders.createdAt));
  const already = pending.length
    ? await database
        .select({ n: sql<number>`count(*)::int` })
        .from(reminders)
        .innerJoin(orders, eq(orders.id, reminders.orderId))
        .where(and(like(orders.orderId, "DEMO-%"), eq(reminders.createdBy, manager.id)))
    : [{ n: DEMO_REMINDERS }];
  const room = Math.max(0, DEMO_REMINDERS - Number(already[0]?.n ?? 0));
  if (room > 0 && pending.length && !template)
    warn("LOKET_PAYMENT_REMINDER is not in the registry: no reminders seeded");
  else if (room > 0 && template) {
    await sandbox();
    const made: string[] = [];
    for (const o of pending.slice(0, room)) {
      const out = await createReminder(
        {
          customerId: o.customerId!,
          orderId: o.id,
          templateName: template.name,
          params: paymentDueParams(o, template.params),
          actor,
        },
        { database },
      );
      if (out.status === "succeeded") made.push(o.orderId);
      else warn(`reminder for ${o.orderId}: ${out.status === "refused" ? out.message : out.title}`);
    }
    if (made.length) lines.push(`  reminders: +${made.length} payment due (${made.join(", ")})`);
  }
  return lines;
}

registerDemoStep({ name: "campaigns", run: (database, { now }) => seedDemoCampaigns(database, now) });
