import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "~/env.server";
import { resetGopayClient } from "~/gopay/index.server";
import { encryptSecret } from "~/lib/crypto.server";
import { openAudienceCsv } from "~/services/campaigns/csv.server";
import { createDraftCampaign } from "~/services/campaigns/draft.server";
import { campaignLeftOut, leftOutCsv } from "~/services/campaigns/left-out.server";
import { getCampaignPreview } from "~/services/campaigns/preview.server";
import { getCampaign } from "~/services/campaigns/recipients-log.server";
import { countSegment } from "~/services/campaigns/segments.server";
import {
  createTemplate,
  listTemplates,
  seedDemoTemplates,
  updateTemplate,
} from "~/services/campaigns/templates.server";
import { sendTemplateTest } from "~/services/campaigns/templates-test.server";
import { auditLog, campaignRecipients, campaigns, customers } from "~db/schema";
import { startSandbox, type Sandbox } from "../../sandbox/server";
import { useTestDb as withTestDb } from "../support/db";
import { insertOrder } from "../support/factories";
import { sandboxControl } from "../support/sandbox-control";
import { ensureTestEncryptionKey, makeStaff } from "./auth-helpers";

const t = withTestDb();
const enc = (s: string) => new TextEncoder().encode(s);
const ids: Record<string, string> = {};
let actor: { id: string; email: string };
let sb: Sandbox;

async function customer(
  name: string,
  phone: string,
  opts: { token?: boolean; merchantUserId?: string; authToken?: string } = {},
) {
  const [c] = await t.db
    .insert(customers)
    .values({
      name,
      phone,
      merchantUserId: opts.merchantUserId ?? null,
      searchName: name.toLowerCase(),
      authTokenEnc: opts.token === false ? null : encryptSecret(opts.authToken ?? `AT-test-${phone}`),
    })
    .returning();
  return c!;
}

beforeAll(async () => {
  ensureTestEncryptionKey();
  sb = await startSandbox({ port: 0 });
  process.env.GOPAY_MINIAPP_BASE_URL = sb.url;
  process.env.JOBS_ENABLED = "false";
  resetEnvCache();
  resetGopayClient();
  const s = await makeStaff(t.db, "campaigns");
  actor = { id: s.id, email: s.email };
  expect(await seedDemoTemplates(t.db, s.id)).toBe(4);
  expect(await seedDemoTemplates(t.db, s.id)).toBe(0); // idempotent
  for (const tpl of await listTemplates(t.db)) ids[tpl.name] = tpl.id;
  // The sandbox's own users, with the tokens GoPay gave them: test sends reach them.
  const sbUsers = await sandboxControl<
    Array<{ id: string; phone: string; authToken: string; name?: string }>
  >(sb.url, "/customers");
  ids.sbCustomer = (
    await customer(
      "Sandbox User",
      `62${sbUsers[0]!.phone.replace(/^62/, "").replace(/^0/, "")}`.slice(0, 15),
      { authToken: sbUsers[0]!.authToken },
    )
  ).id;
  ids.siti = (await customer("Siti Nurhaliza", "6281200000001", { merchantUserId: "mu-siti" })).id;
  ids.budi = (await customer("Budi", "6281200000002")).id;
  ids.long = (await customer("Bartholomew-Maximilian Wijayakusuma", "6281200000003")).id;
  ids.noToken = (await customer("Tanpa Token", "6281200000004", { token: false })).id;
  ids.twinA = (await customer("Twin A", "6281200000005")).id;
  ids.twinB = (await customer("Twin B", "6281200000005")).id;
  await insertOrder(t.db, {
    customerId: ids.siti,
    status: "pending",
    amount: 25_000_00n,
    createdAt: new Date(Date.now() - 2 * 86400_000),
    expiresAt: new Date("2026-11-21T07:05:00Z"),
    orderId: "ORD-SITI-1",
  });
  await insertOrder(t.db, {
    customerId: ids.budi,
    status: "paid",
    amount: 10_000_00n,
    orderId: "ORD-BUDI-1",
  });
});

afterAll(async () => {
  resetGopayClient();
  await sb?.close();
});

describe("templates", () => {
  it("create and edit are audited; a name is unique", async () => {
    const input = {
      name: "MY_PUSH",
      kind: "push" as const,
      description: "",
      params: [{ name: "title", type: "text" as const, min: 1, max: 10 }],
    };
    const made = await createTemplate(t.db, input, actor);
    expect(made.ok).toBe(true);
    expect(await createTemplate(t.db, input, actor)).toMatchObject({ ok: false, field: "name" });
    const id = made.ok ? made.template.id : "";
    const edited = await updateTemplate(
      t.db,
      id,
      { ...input, params: [{ name: "title", type: "text", min: 1, max: 20 }] },
      actor,
    );
    expect(edited.ok && edited.template.params[0]!.max).toBe(20);
    const rows = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, id))
      .orderBy(asc(auditLog.id));
    expect(rows.map((r) => r.action)).toEqual(["campaign.template_create", "campaign.template_update"]);
    expect(rows[1]!.detail).toMatchObject({ before: { params: [{ max: 10 }] } });
  });

  it("send a test: a real push through the mini-app API; GoPay refuses an unknown template with 40003", async () => {
    const ok = await sendTemplateTest(
      t.db,
      {
        templateId: ids.HK_PDS_NOTIFY!,
        customerId: ids.sbCustomer!,
        values: { title: "Halo", body: "Tes dari Loket" },
        requestId: "rid-test-ok-1",
      },
      actor,
    );
    expect(ok).toMatchObject({ status: "sent", httpStatus: 200, requestId: "rid-test-ok-1" });
    const unknown = await createTemplate(
      t.db,
      {
        name: "NOT_REGISTERED_AT_GOPAY",
        kind: "push",
        description: "",
        params: [{ name: "title", type: "text", min: 1, max: 40 }],
      },
      actor,
    );
    const refused = await sendTemplateTest(
      t.db,
      {
        templateId: unknown.ok ? unknown.template.id : "",
        customerId: ids.sbCustomer!,
        values: { title: "Halo" },
        requestId: "rid-test-404",
      },
      actor,
    );
    expect(refused).toMatchObject({ status: "failed", code: "40003", httpStatus: 404 });
    // The Request-Id was on record (pending) before the call, then the answer.
    const trail = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.idempotencyKey, "rid-test-404"))
      .orderBy(asc(auditLog.id));
    expect(trail.map((r) => r.result)).toEqual(["pending", "failed"]);
    // Too long for the template: refused before any call.
    expect(
      await sendTemplateTest(
        t.db,
        {
          templateId: ids.HK_PDS_NOTIFY!,
          customerId: ids.sbCustomer!,
          values: { title: "x".repeat(41), body: "b" },
          requestId: "rid-x",
        },
        actor,
      ),
    ).toMatchObject({ status: "invalid" });
    expect(
      await sendTemplateTest(
        t.db,
        {
          templateId: ids.HK_PDS_NOTIFY!,
          customerId: ids.noToken!,
          values: { title: "a", body: "b" },
          requestId: "rid-y",
        },
        actor,
      ),
    ).toEqual({ status: "refused", reason: "no_token" });
  });
});

describe("CSV upload → draft", () => {
  it("checks every row with its line, saves the valid ones as a draft with rendered parameters and a Request-Id each", async () => {
    const csv = [
      "phone,merchant_user_id,title,zone", // 1
      "0812-0000-0002,,Promo Budi,WITA", // 2 ok (Budi)
      ",mu-siti,Promo Siti,", // 3 ok (Siti, WIB)
      "081200000009,,Nobody,", // 4 unknown customer
      "081200000004,,No token,", // 5 no mini-app token
      "+62 812 0000 0002,,Again,", // 6 duplicate of line 2
      "081200000005,,Twins,", // 7 phone of two customers
      "081200000003,,Too long name,", // 8 body renders too long (first name field)
      "081200000001,,,PST", // 9 bad zone
    ].join("\n");
    const parsed = await openAudienceCsv(enc(csv));
    const r = await createDraftCampaign(
      t.db,
      {
        name: "November promo",
        templateId: ids.LOKET_PROMO_PUSH!,
        paramSources: {
          title: { type: "column", column: "title" },
          body: { type: "field", field: "first_name", fallback: "Pelanggan" },
          cta: { type: "fixed", value: "Lihat ya" },
        },
        audience: { type: "csv", filename: "promo.csv", csv: parsed },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.included).toBe(3); // Budi, Siti and the long name (160 is plenty)
    expect(r.excluded).toEqual({
      unknown_customer: 1,
      no_token: 1,
      duplicate: 1,
      ambiguous_phone: 1,
      bad_zone: 1,
    });
    const rows = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, r.campaignId))
      .orderBy(asc(campaignRecipients.line));
    expect(rows.map((x) => [x.line, x.zone, x.status, x.dueAt, x.params])).toEqual([
      [2, "WITA", "pending", null, { title: "Promo Budi", body: "Budi", cta: "Lihat ya" }],
      [3, "WIB", "pending", null, { title: "Promo Siti", body: "Siti", cta: "Lihat ya" }],
      [
        8,
        "WIB",
        "pending",
        null,
        { title: "Too long name", body: "Bartholomew-Maximilian", cta: "Lihat ya" },
      ],
    ]);
    expect(new Set(rows.map((x) => x.requestId)).size).toBe(3);
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, r.campaignId));
    expect(c).toMatchObject({ status: "draft", kind: "push", throttlePerSecond: 50 });
    expect(
      (c!.audience as unknown as { problems: { line: number; reason: string }[] }).problems.map((p) => [
        p.line,
        p.reason,
      ]),
    ).toEqual([
      [4, "unknown_customer"],
      [5, "no_token"],
      [6, "duplicate"],
      [7, "ambiguous_phone"],
      [9, "bad_zone"],
    ]);
  });

  it("a parameter that renders too long is caught before saving and never becomes a recipient", async () => {
    const small = await createTemplate(
      t.db,
      {
        name: "SHORT_TITLE",
        kind: "push",
        description: "Hi {{title}}",
        params: [{ name: "title", type: "text", min: 1, max: 12 }],
      },
      actor,
    );
    const parsed = await openAudienceCsv(enc("phone\n081200000002\n081200000003\n"));
    const r = await createDraftCampaign(
      t.db,
      {
        name: "Names",
        templateId: small.ok ? small.template.id : "",
        paramSources: { title: { type: "field", field: "name" } },
        audience: { type: "csv", filename: "n.csv", csv: parsed },
        schedule: { mode: "local", date: "2026-12-01", time: "09:00" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 10,
      },
      actor,
    );
    expect(r).toMatchObject({ ok: true, included: 1, excluded: { param_too_long: 1 } });
    if (!r.ok) return;
    const p = await getCampaignPreview(t.db, r.campaignId);
    expect(p!.problems).toEqual([
      { line: 3, reason: "param_too_long", param: "title", detail: "35/12", customerId: ids.long },
    ]);
    expect(p!.rows.map((x) => x.text)).toEqual(["Hi Budi"]);
  });

  it("a file GoPay could never use is refused whole; nothing saved", async () => {
    const before = (await t.db.select().from(campaigns)).length;
    const utf16 = await openAudienceCsv(Buffer.from("\uFEFFphone\n081200000002\n", "utf16le"));
    const r = await createDraftCampaign(
      t.db,
      {
        name: "x",
        templateId: ids.HK_PDS_NOTIFY!,
        paramSources: { title: { type: "fixed", value: "a" }, body: { type: "fixed", value: "b" } },
        audience: { type: "csv", filename: "x.csv", csv: utf16 },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
    );
    expect(r).toMatchObject({ ok: false, reason: "csv_fatal", fatal: { code: "utf16" } });
    const nobody = await createDraftCampaign(
      t.db,
      {
        name: "x",
        templateId: ids.HK_PDS_NOTIFY!,
        paramSources: { title: { type: "fixed", value: "a" }, body: { type: "fixed", value: "b" } },
        audience: {
          type: "csv",
          filename: "x.csv",
          csv: await openAudienceCsv(enc("phone\n081200000009\n")),
        },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
    );
    expect(nobody).toMatchObject({ ok: false, reason: "nobody", excluded: { unknown_customer: 1 } });
    expect((await t.db.select().from(campaigns)).length).toBe(before);
  });

  it("read batch by batch: a duplicate of an earlier batch is found, problems keep their lines, valid rows go on", async () => {
    const csv = [
      "phone,title", // 1
      "081200000002,a", // 2 Budi          batch 1
      "081200000009,b", // 3 unknown       batch 1
      "0812,c", // 4 bad phone (parse)     batch 2
      "081200000003,d", // 5 Bartholomew   batch 2
      "081200000002,e", // 6 Budi again    batch 2/3: a duplicate of line 2
      "081200000004,f", // 7 no token
      "081200000003,g", // 8 Bartholomew again: a duplicate of line 5
    ].join("\n");
    const r = await createDraftCampaign(
      t.db,
      {
        name: "Batches",
        templateId: ids.HK_PDS_NOTIFY!,
        paramSources: { title: { type: "column", column: "title" }, body: { type: "fixed", value: "b" } },
        audience: { type: "csv", filename: "b.csv", csv: await openAudienceCsv(enc(csv)) },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
      { batchSize: 2 },
    );
    expect(r).toMatchObject({
      ok: true,
      included: 2,
      excludedTotal: 5,
      excluded: { unknown_customer: 1, bad_phone: 1, duplicate: 2, no_token: 1 },
    });
    if (!r.ok) return;
    const rows = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, r.campaignId))
      .orderBy(asc(campaignRecipients.line));
    expect(rows.map((x) => [x.line, x.customerId, x.params.title])).toEqual([
      [2, ids.budi, "a"],
      [5, ids.long, "d"],
    ]);
    const [c] = await t.db.select().from(campaigns).where(eq(campaigns.id, r.campaignId));
    const audience = c!.audience as unknown as {
      validRows: number;
      rejectedRows: number;
      problems: { line: number; reason: string; detail?: string }[];
    };
    expect(
      audience.problems.map((p) => [p.line, p.reason, p.reason === "duplicate" ? p.detail : ""]),
    ).toEqual([
      [3, "unknown_customer", ""],
      [4, "bad_phone", ""],
      [6, "duplicate", "2"],
      [7, "no_token", ""],
      [8, "duplicate", "5"],
    ]);
    expect([audience.validRows, audience.rejectedRows]).toEqual([2, 5]);
  });

  it("the rows left out stay on the campaign for its page: all counted, the first 1,000 by line stored, as CSV too", async () => {
    const lines = ["phone,title", "081200000002,ok"]; // line 2: Budi
    for (let i = 0; i < 1_205; i++) lines.push(`0813${String(10_000_000 + i)},x`); // lines 3…1207: unknown
    const r = await createDraftCampaign(
      t.db,
      {
        name: "Many left out",
        templateId: ids.HK_PDS_NOTIFY!,
        paramSources: { title: { type: "column", column: "title" }, body: { type: "fixed", value: "b" } },
        audience: { type: "csv", filename: "many.csv", csv: await openAudienceCsv(enc(lines.join("\n"))) },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
      { batchSize: 100 },
    );
    expect(r).toMatchObject({ ok: true, included: 1, excludedTotal: 1_205 });
    if (!r.ok) return;
    const left = await campaignLeftOut(t.db, r.campaignId);
    expect(left).toMatchObject({ total: 1_205, stored: 1_000, excluded: { unknown_customer: 1_205 } });
    expect(left!.problems).toHaveLength(50);
    expect(left!.problems.slice(0, 2).map((p) => [p.line, p.reason])).toEqual([
      [3, "unknown_customer"],
      [4, "unknown_customer"],
    ]);
    const csv = (await leftOutCsv(t.db, r.campaignId))!.trim().split("\r\n");
    expect(csv).toHaveLength(1_001);
    expect(csv[0]).toBe("line,reason,param,detail,customer_id");
    expect(csv[1]).toMatch(/^3,unknown_customer,/);
    expect(csv[1_000]).toMatch(/^1002,unknown_customer,/);
    expect(await campaignLeftOut(t.db, "00000000-0000-0000-0000-000000000000")).toBeUndefined();
    // 36 characters that are not a uuid: not found (a 404), never a database cast error (a 500).
    expect(await leftOutCsv(t.db, "-".repeat(36))).toBeUndefined();
    expect(await getCampaign(t.db, "-".repeat(36))).toBeUndefined();
    expect(await getCampaign(t.db, "g".repeat(8) + "-0000-0000-0000-000000000000")).toBeUndefined();
  });

  it("a file found unusable after batches were inserted (one row too many) leaves nothing behind; nobody valid over several batches neither", async () => {
    const campaignsBefore = (await t.db.select().from(campaigns)).length;
    const recipientsBefore = (await t.db.select().from(campaignRecipients)).length;
    const draft = async (csv: string, maxRows?: number) =>
      createDraftCampaign(
        t.db,
        {
          name: "Rolled back",
          templateId: ids.HK_PDS_NOTIFY!,
          paramSources: { title: { type: "fixed", value: "a" }, body: { type: "fixed", value: "b" } },
          audience: { type: "csv", filename: "r.csv", csv: await openAudienceCsv(enc(csv), { maxRows }) },
          schedule: { mode: "now" },
          quietStart: "21:00",
          quietEnd: "08:00",
          throttlePerSecond: 50,
        },
        actor,
        { batchSize: 1 },
      );
    // Budi, Siti and the long name are each inserted in their own batch before the fourth row is found over the limit.
    const tooMany = await draft(
      "phone,merchant_user_id\n081200000002,\n,mu-siti\n081200000003,\n081200000009,\n",
      3,
    );
    expect(tooMany).toMatchObject({
      ok: false,
      field: "file",
      reason: "csv_fatal",
      fatal: { code: "too_many_rows", line: 5 },
    });
    const nobody = await draft("phone\n081200000009\n081200000004\n0812\n081200000005\n081200000004\n");
    expect(nobody).toMatchObject({
      ok: false,
      reason: "nobody",
      excluded: { unknown_customer: 1, no_token: 1, bad_phone: 1, ambiguous_phone: 1, duplicate: 1 },
    });
    if (nobody.ok || nobody.reason !== "nobody") return;
    expect(nobody.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 6]);
    expect((await t.db.select().from(campaigns)).length).toBe(campaignsBefore);
    expect((await t.db.select().from(campaignRecipients)).length).toBe(recipientsBefore);
  });
});

describe("segments", () => {
  it("live counts, and a draft from a segment (fixed parameters: one INSERT … SELECT; per customer: batches)", async () => {
    const now = new Date();
    expect(await countSegment(t.db, "unpaid_over_day", now)).toEqual({
      segment: "unpaid_over_day",
      total: 1,
      reachable: 1,
    });
    const quiet = await countSegment(t.db, "no_order_30_days", now);
    expect(quiet.total).toBe(5); // everyone but Siti and Budi
    expect(quiet.reachable).toBe(4);
    const fixed = await createDraftCampaign(
      t.db,
      {
        name: "Come back",
        templateId: ids.HK_PDS_NOTIFY!,
        paramSources: {
          title: { type: "fixed", value: "Kangen" },
          body: { type: "fixed", value: "Ada promo untuk Anda" },
        },
        audience: { type: "segment", segment: "no_order_30_days" },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
      { now },
    );
    expect(fixed).toMatchObject({ ok: true, included: 4, excluded: { no_token: 1 } });
    if (!fixed.ok) return;
    // Inserted in customer-id order with the Request-Ids handed out sorted: still one random uuid per recipient.
    const segRows = await t.db
      .select()
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, fixed.campaignId))
      .orderBy(asc(campaignRecipients.id));
    expect(segRows.map((x) => x.customerId).sort()).toEqual(
      [ids.sbCustomer, ids.long, ids.twinA, ids.twinB].sort(),
    );
    expect(segRows.map((x) => x.customerId)).toEqual(segRows.map((x) => x.customerId).sort());
    for (const x of segRows)
      expect(x).toMatchObject({
        line: null,
        zone: "WIB",
        status: "pending",
        dueAt: null,
        params: { title: "Kangen", body: "Ada promo untuk Anda" },
      });
    expect(new Set(segRows.map((x) => x.requestId)).size).toBe(4);
    for (const x of segRows)
      expect(x.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const due = await createDraftCampaign(
      t.db,
      {
        name: "Pay now",
        templateId: ids.LOKET_PAYMENT_REMINDER!,
        paramSources: {
          description: { type: "fixed", value: "Pesanan Anda menunggu pembayaran. Selesaikan sekarang ya." },
          cta: { type: "fixed", value: "Bayarkan" },
        },
        audience: { type: "segment", segment: "unpaid_over_day" },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
      { now },
    );
    expect(due).toMatchObject({ ok: true, included: 1 });
    const perCustomer = await createDraftCampaign(
      t.db,
      {
        name: "Due dates",
        templateId: ids.LOKET_HOLD_REMINDER!,
        paramSources: {
          description: { type: "fixed", value: "Pesanan Anda menunggu pembayaran. Selesaikan sekarang ya." },
          cta: { type: "fixed", value: "Bayarkan" },
          order_id: { type: "field", field: "last_unpaid_order_id" },
        },
        audience: { type: "segment", segment: "unpaid_over_day" },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 50,
      },
      actor,
      { now },
    );
    expect(perCustomer).toMatchObject({ ok: true, included: 1 });
    if (!perCustomer.ok) return;
    const p = await getCampaignPreview(t.db, perCustomer.campaignId, { q: "siti" });
    expect(p!.search!.rows[0]!.params.order_id).toBe("ORD-SITI-1");
    expect(p!.search!.rows[0]!.payload).toMatchObject({
      method: "PUT",
      path: "/v1/mini-apps/reminder",
      body: { template_name: "LOKET_HOLD_REMINDER" },
    });
    expect(p!.rows[0]!.payload.headers.Authorization).not.toContain("AT-");
    const byPhone = await getCampaignPreview(t.db, perCustomer.campaignId, { q: "0812-0000-0001" });
    expect(byPhone!.search!.rows).toHaveLength(1);
  });
});
