import type postgres from "postgres";

/** Bench scales: orders and notifications seeded. */
export const SCALES = {
  smoke: { orders: 20_000, notificationsPerOrder: 3 },
  "1m": { orders: 1_000_000, notificationsPerOrder: 3 },
  "10m": { orders: 10_000_000, notificationsPerOrder: 5 },
} as const;
export type Scale = keyof typeof SCALES;

/**
 * Seeds orders and notifications server-side (INSERT … SELECT generate_series), with secondary
 * indexes dropped during the load and rebuilt after (much faster than maintaining them row by
 * row). Distributions: 90 days of created_at, mostly paid, 60/30/10 deeplink/tokenized/preauth,
 * 70/15/15 wallet/PayLater/Tabungan, log-uniform amounts Rp 10.000–Rp 5.000.000 in Rp 1.000 steps,
 * 200k customers with a skew (some order often), 1-in-8 emails with capitals.
 */
export async function seedOrders(sql: postgres.Sql, scale: Scale, now: Date, log: (s: string) => void): Promise<void> {
  const { orders: n, notificationsPerOrder: k } = SCALES[scale];
  await sql.unsafe(`set maintenance_work_mem = '1GB'`);
  await sql.unsafe(`set synchronous_commit = off`);
  await sql.unsafe(`set max_parallel_maintenance_workers = 2`);

  const idx = await sql<{ indexname: string; indexdef: string }[]>`
    select indexname, indexdef from pg_indexes
    where schemaname = 'public' and tablename in ('orders', 'notifications') and indexname not like '%_pkey'`;
  for (const i of idx) await sql.unsafe(`drop index ${i.indexname}`);

  const t0 = Date.now();
  const nowIso = now.toISOString();
  // One batch per 1M rows keeps each statement's memory and WAL modest.
  const batch = Math.min(1_000_000, n);
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await sql.unsafe(`
      insert into orders (order_id, gopay_reference, channel, payment_option, status, status_rank, amount, paid_amount,
        refunded_amount, customer_name, customer_phone, customer_email, pop_id, external_id, created_at, paid_at,
        expires_at, closed_at, updated_at)
      select
        'ORD-' || lpad(g::text, 10, '0'),
        case when st = 'pending' and r7 < 0.5 then null else upper(substr(md5(g::text), 1, 20)) end,
        ch, opt, st, 0, amt,
        case when st in ('paid', 'partially_refunded', 'refunded') then amt else 0 end,
        case st when 'refunded' then amt when 'partially_refunded' then (amt / 200) * 100 else 0 end,
        'Customer ' || c,
        '62812' || lpad(c::text, 8, '0'),
        case when c % 8 = 0 then 'User.' || c || '@Example.com' else 'user' || c || '@example.com' end,
        'POP-' || (c % 50),
        md5('ext' || g),
        created,
        case when st in ('paid', 'partially_refunded', 'refunded', 'authorised') then created + interval '40 seconds' end,
        created + interval '15 minutes',
        case when st in ('cancelled', 'expired', 'failed') then created + interval '15 minutes' end,
        created
      from (
        select g, r7,
          timestamptz '${nowIso}' - (r1 * interval '90 days') as created,
          case when r2 < 0.62 then 'paid' when r2 < 0.70 then 'partially_refunded' when r2 < 0.75 then 'refunded'
               when r2 < 0.85 then 'expired' when r2 < 0.91 then 'cancelled' when r2 < 0.94 then 'failed'
               when r2 < 0.97 then 'pending' else 'authorised' end as st,
          case when r3 < 0.6 then 'deeplink' when r3 < 0.9 then 'tokenized' else 'preauth' end as ch,
          case when r4 < 0.7 then 'GOPAY_WALLET' when r4 < 0.85 then 'PAY_LATER' else 'GOPAY_SAVINGS' end as opt,
          (round(exp(ln(10) + r5 * ln(500))) * 1000 * 100)::bigint as amt,
          floor(power(r6, 2) * 200000)::int as c
        from (
          select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7
          from generate_series(${from}, ${to}) g
        ) r
      ) s`);
    log(`orders ${to.toLocaleString("en")} / ${n.toLocaleString("en")} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }

  // k notifications per order: the first always (settlement or status), the rest a mix of
  // repeats; about 5% marked duplicate, 2% out of order, 0.5% with a bad signature.
  const t1 = Date.now();
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await sql.unsafe(`
      insert into notifications (received_at, source, headers, raw_body, signature_valid, verification, reference,
        external_id, status_code, dedupe_key, is_duplicate, out_of_order, applied_at)
      select o.created_at + (j * interval '45 seconds'),
        case when o.channel = 'deeplink' then 'snap_debit' else 'core_payment' end,
        '{"content-type":"application/json"}'::jsonb,
        '{"originalPartnerReferenceNo":"' || o.order_id || '","latestTransactionStatus":"' ||
          case when o.status in ('paid','partially_refunded','refunded') then '00' else '06' end || '","amount":{"value":"' ||
          (o.amount / 100) || '.00","currency":"IDR"}}',
        r > 0.005, case when r > 0.005 then 'ok' else 'bad_signature' end,
        case when j = 1 and o.channel <> 'deeplink' and o.gopay_reference is not null then o.gopay_reference else o.order_id end,
        md5(o.order_id || j),
        case when o.status in ('paid','partially_refunded','refunded') then '00' else '06' end,
        md5(o.order_id || o.status),
        j > 1 and r < 0.05, j > 1 and r between 0.05 and 0.07,
        o.created_at + (j * interval '45 seconds') + interval '20 milliseconds'
      from (select * from orders where order_id between 'ORD-' || lpad('${from}', 10, '0') and 'ORD-' || lpad('${to}', 10, '0')) o,
        lateral (select j, random() + 0 * length(o.order_id) r from generate_series(1, ${k}) j) x`);
    log(`notifications for orders up to ${to.toLocaleString("en")} (${((Date.now() - t1) / 1000).toFixed(0)} s)`);
  }

  const t2 = Date.now();
  for (const i of idx) {
    await sql.unsafe(i.indexdef);
    log(`index ${i.indexname} (${((Date.now() - t2) / 1000).toFixed(0)} s)`);
  }
  await sql.unsafe(`vacuum analyze orders`);
  await sql.unsafe(`vacuum analyze notifications`);
  log(`vacuum analyze done (${((Date.now() - t0) / 1000).toFixed(0)} s total)`);
}
