/**
 * Campaign audiences (issue 12): a 100,000-row CSV streamed, validated, rendered and inserted as a
 * draft's recipients (goal ≤ 15 s, ≤ 300 MB peak RSS), and a 1,000,000-customer segment enqueued
 * as a draft (goal ≤ 60 s). Postgres only; database loket_bench_campaigns_audience (recreated).
 * Flags: --rows=N (CSV rows, default 100000)  --customers=N (segment size, default 1000000)
 *        --csv-only (skip the two segment cases)
 *        --reuse-db (keep the seeded customers of an earlier run; campaigns and recipients emptied)
 */
import postgres from "postgres";
import { migrateDb, openDb, setDbHandle } from "../../app/db/client.server";
import { resetEnvCache } from "../../app/env.server";
import { openAudienceCsv, receiveUpload } from "../../app/services/campaigns/csv.server";
import { createDraftCampaign } from "../../app/services/campaigns/draft.server";
import { seedDemoTemplates, listTemplates } from "../../app/services/campaigns/templates.server";
import { staff } from "../../db/schema";
import { withDatabase } from "../support/pg-url";
import { seedCustomers } from "./seed-customers";
import type { BenchFlags } from "./index";

const DB_NAME = "loket_bench_campaigns_audience";

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

export default async function run(flags: BenchFlags): Promise<void> {
  const rows = Number(flags.rows ?? 100_000);
  const n = Number(flags.customers ?? 1_000_000);
  const log = (s: string) => console.log(`  ${s}`);
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = withDatabase(baseUrl, DB_NAME);
  process.env.JOBS_ENABLED = "false";
  resetEnvCache();
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const exists = (await admin`select 1 from pg_database where datname = ${DB_NAME}`).length > 0;
  const reuse = Boolean(flags["reuse-db"]) && exists;
  if (!reuse) {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  }
  await admin.end();
  const handle = await openDb({ url, max: 8 });
  setDbHandle(handle);
  const db = handle.db;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    await migrateDb(handle);
    const seeded = reuse ? Number((await sql`select count(*)::int as n from customers`)[0]!.n) : 0;
    if (reuse && seeded === n) {
      await sql.unsafe(`truncate campaigns cascade`);
      await sql.unsafe(`vacuum analyze campaign_recipients`);
    }
    const [who] = await db
      .insert(staff)
      .values({
        email: `bench-${Date.now()}@loket.test`,
        name: "Bench",
        role: "campaigns",
        passwordHash: "x",
      })
      .returning();
    await seedDemoTemplates(db, who!.id);
    const tpl = Object.fromEntries((await listTemplates(db)).map((t) => [t.name, t]));
    const t0 = Date.now();
    if (reuse && seeded === n) log(`seed: reused ${n.toLocaleString("en")} customers (campaigns emptied)`);
    else {
      if (reuse) throw new Error(`--reuse-db: ${seeded} customers seeded, not ${n}; run without it`);
      await seedCustomers(sql, n, new Date(), log);
      // Every customer has opened the mini app except one in ten (a token on file is all the draft needs).
      await sql.unsafe(
        `update customers set auth_token_enc = 'bench-sealed-token' where right(merchant_user_id, 1) <> '7'`,
      );
      await sql.unsafe(`vacuum analyze customers`);
      log(`seed: ${n.toLocaleString("en")} customers in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    const actor = { id: who!.id, email: who!.email };

    // 1. CSV: phone per row (the costliest lookup), a title column, zones; ~1 % bad rows.
    const lines = ["phone,title,zone"];
    for (let i = 1; i <= rows; i++) {
      const g = 1 + ((i * 7919) % n);
      const phone = i % 100 === 0 ? "0812" : `081${String(g).padStart(9, "0")}`;
      lines.push(`${phone},Promo ${i},${["WIB", "WITA", "WIT"][i % 3]}`);
    }
    const bytes = Buffer.from(lines.join("\n") + "\n");
    lines.length = 0;
    log(`CSV: ${rows.toLocaleString("en")} rows, ${(bytes.length / 1e6).toFixed(1)} MB`);
    // With `node --expose-gc` (npx tsx --expose-gc …): the seed's and the CSV text's garbage collected first, so "before" is the process at rest.
    (globalThis as { gc?: () => void }).gc?.();
    const rss0 = process.memoryUsage().rss;
    const sampler = rssSampler();
    const c0 = process.cpuUsage();
    const s0 = performance.now();
    // As the route does: the upload's bytes kept as they arrive (64 KB pieces), then read batch by batch by the draft.
    async function* upload() {
      for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
    }
    const file = await openAudienceCsv(await receiveUpload(upload()));
    const openMs = performance.now() - s0;
    const r = await createDraftCampaign(
      db,
      {
        name: "bench CSV",
        templateId: tpl.LOKET_PROMO_PUSH!.id,
        paramSources: {
          title: { type: "column", column: "title" },
          body: { type: "field", field: "first_name", fallback: "Kak" },
          cta: { type: "fixed", value: "Lihat ya" },
        },
        audience: { type: "csv", filename: "bench.csv", csv: file },
        schedule: { mode: "now" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 500,
      },
      actor,
    );
    const csvMs = performance.now() - s0;
    const cpu = process.cpuUsage(c0);
    const peak = sampler.stop();
    if (!r.ok) throw new Error(`CSV draft refused: ${JSON.stringify(r).slice(0, 300)}`);
    log(
      `CSV ${rows.toLocaleString("en")} rows → draft: ${(csvMs / 1000).toFixed(2)} s (upload + header ${(openMs / 1000).toFixed(2)} s), ` +
        `${r.included.toLocaleString("en")} recipients inserted, ${r.excludedTotal} left out ${JSON.stringify(r.excluded)}; ` +
        `Loket CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; peak RSS ${(peak / 1e6).toFixed(0)} MB (process before: ${(rss0 / 1e6).toFixed(0)} MB) — goal ≤ 15 s, ≤ 300 MB`,
    );

    if (flags["csv-only"]) return;

    // 2. Segment: every customer without an order in 30 days (most of them), fixed parameters → one INSERT … SELECT.
    const g0 = performance.now();
    const seg = await createDraftCampaign(
      db,
      {
        name: "bench segment",
        templateId: tpl.HK_PDS_NOTIFY!.id,
        paramSources: {
          title: { type: "fixed", value: "Kangen belanja?" },
          body: { type: "fixed", value: "Ada promo untuk Anda minggu ini." },
        },
        audience: { type: "segment", segment: "no_order_30_days" },
        schedule: { mode: "local", date: "2030-01-01", time: "09:00" },
        quietStart: "21:00",
        quietEnd: "08:00",
        throttlePerSecond: 500,
      },
      actor,
    );
    const segMs = performance.now() - g0;
    if (!seg.ok) throw new Error(`segment draft refused: ${JSON.stringify(seg).slice(0, 300)}`);
    log(
      `segment no_order_30_days → draft: ${(segMs / 1000).toFixed(2)} s, ${seg.included.toLocaleString("en")} recipients enqueued (${JSON.stringify(seg.excluded)} left out) — goal ≤ 60 s for 1,000,000`,
    );

    // 3. The same segment with a per-customer parameter (first name): keyset batches rendered in Loket.
    if (!flags["no-fields"]) {
      const f0 = performance.now();
      const per = await createDraftCampaign(
        db,
        {
          name: "bench segment, first names",
          templateId: tpl.HK_PDS_NOTIFY!.id,
          paramSources: {
            title: { type: "field", field: "first_name", fallback: "Kak" },
            body: { type: "fixed", value: "Ada promo untuk Anda minggu ini." },
          },
          audience: { type: "segment", segment: "no_order_30_days" },
          schedule: { mode: "now" },
          quietStart: "21:00",
          quietEnd: "08:00",
          throttlePerSecond: 500,
        },
        actor,
      );
      const perMs = performance.now() - f0;
      if (!per.ok) throw new Error("per-customer segment draft refused");
      log(
        `segment with a per-customer parameter → draft: ${(perMs / 1000).toFixed(2)} s, ${per.included.toLocaleString("en")} recipients`,
      );
    }
  } finally {
    await sql.end();
    setDbHandle(undefined);
    await handle.close();
  }
}
