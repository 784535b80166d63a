import type postgres from "postgres";
import { foldName } from "../../app/services/customers/fold";

/** First and last names the seed combines (some with accents, so folded search is exercised). */
const FIRST = ["Siti", "Budi", "Agus", "Dewi", "Ratna", "Andi", "Rina", "Joko", "Putri", "Eko", "Sri", "Hadi", "Nur", "Wahyu", "Indah", "Rizky", "Ayu", "Fajar", "Maya", "Dimas", "Lestari", "Bayu", "Citra", "Gilang", "Intan", "Kurnia", "Lukman", "Mega", "Nanda", "Oki", "Pratiwi", "Rahmat", "Sari", "Teguh", "Umar", "Vina", "Wulan", "Yoga", "Zahra", "Déwi"];
const LAST = ["Wijaya", "Santoso", "Nurhaliza", "Kusuma", "Lestari", "Hidayat", "Saputra", "Pratama", "Setiawan", "Gunawan", "Halim", "Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitompul", "Lubis", "Tanjung", "Rahman", "Hakim", "Suryadi", "Permana", "Firmansyah", "Wibowo", "Susanto", "Kurniawan", "Hartono", "Sugiarto", "Purnomo", "Yulianto", "Anggraini", "Maharani", "Puspita", "Ramadhan", "Syahputra", "Situmorang", "Panjaitan", "Manurung", "Sinaga", "Ginting", "Tarigan", "Sembiring", "Pohan", "Batubara", "Rangkuti", "Daulay", "Hasibuan", "Matondang", "Ritonga", "Nainggolan", "Pardede", "Sihombing", "Butarbutar", "Sirait", "Hutapea", "Silalahi", "Marpaung", "Pangaribuan", "Hutagalung", "Simatupang", "Sitorus", "Sibarani", "Tampubolon", "Napitupulu", "Purba", "Saragih", "Damanik", "Girsang", "Sipayung", "Sumbayak", "Garingging", "Munthe", "Kaban", "Bangun", "Barus", "Brahmana", "Colia", "Depari", "Gurusinga", "Keliat", "Meliala", "Pandia", "Pelawi", "Sebayang", "Surbakti", "Tambun", "Tekang", "Ketaren", "Milala", "Perangin-angin", "Sukatendel", "Tamboen", "Sinulingga", "Kacaribu", "Purbakti", "Sitepu", "Jawak", "Gintings", "Sémbiring", "Ñasution"];

/**
 * 1,000,000 customers (INSERT … SELECT generate_series): 40 × 100 name combinations (each
 * last name ~10,000 people, a full name ~250), a phone and an email each, a merchant user id,
 * a mini-app GoPay account id for one in three, created over ~1 year; 200,000 linked pay accounts
 * with a different phone; 300,000 orders linked to their customers. The trigram index is built
 * after the load.
 */
export async function seedCustomers(sql: postgres.Sql, n: number, now: Date, log: (s: string) => void): Promise<void> {
  await sql.unsafe(`set maintenance_work_mem = '512MB'`);
  await sql.unsafe(`set synchronous_commit = off`);
  const idx = await sql<{ indexname: string; indexdef: string }[]>`
    select indexname, indexdef from pg_indexes
    where schemaname = 'public' and tablename in ('customers', 'pay_accounts', 'orders') and indexname not like '%_pkey'`;
  for (const i of idx) await sql.unsafe(`drop index ${i.indexname}`);
  const t0 = Date.now();
  const first = FIRST.map((s) => `'${s.replace(/'/g, "''")}'`).join(",");
  const firstF = FIRST.map((s) => `'${foldName(s)!.replace(/'/g, "''")}'`).join(",");
  const last = LAST.map((s) => `'${s.replace(/'/g, "''")}'`).join(",");
  const lastF = LAST.map((s) => `'${foldName(s)!.replace(/'/g, "''")}'`).join(",");
  const nowIso = now.toISOString();
  await sql.unsafe(`
    insert into customers (merchant_user_id, name, search_name, phone, email, gopay_account_id, created_at, updated_at)
    select 'mu-' || g,
      (array[${first}])[1 + g % ${FIRST.length}] || ' ' || (array[${last}])[1 + (g / ${FIRST.length}) % ${LAST.length}],
      (array[${firstF}])[1 + g % ${FIRST.length}] || ' ' || (array[${lastF}])[1 + (g / ${FIRST.length}) % ${LAST.length}],
      '6281' || lpad(g::text, 9, '0'),
      'user' || g || '@example.com',
      case when g % 3 = 0 then 'gpa-' || g end,
      timestamptz '${nowIso}' - (g * interval '31 seconds'),
      timestamptz '${nowIso}'
    from generate_series(1, ${n}) g`);
  log(`customers: ${n.toLocaleString("en")} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  await sql.unsafe(`
    insert into pay_accounts (account_id, customer_id, customer_matched_by, phone, status, created_at, updated_at)
    select 'acc-' || c.merchant_user_id, c.id, 'merchant_user_id', '6285' || substr(c.phone, 5), 'ENABLED', c.created_at, c.created_at
    from customers c where c.merchant_user_id in (select 'mu-' || g from generate_series(1, ${n}, 5) g)`);
  await sql.unsafe(`
    insert into orders (order_id, channel, status, amount, paid_amount, customer_id, customer_matched_by, customer_name, customer_phone, customer_email, created_at, updated_at)
    select 'ORD-' || c.merchant_user_id, 'deeplink', 'paid', 10000000, 10000000, c.id, 'merchant_user_id', c.name, c.phone, c.email, c.created_at, c.created_at
    from customers c where c.merchant_user_id in (select 'mu-' || g from generate_series(2, ${n}, 3) g)`);
  log(`accounts + orders in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const t2 = Date.now();
  for (const i of idx) await sql.unsafe(i.indexdef);
  await sql.unsafe(`vacuum analyze customers`);
  await sql.unsafe(`vacuum analyze pay_accounts`);
  await sql.unsafe(`vacuum analyze orders`);
  log(`indexes rebuilt + analyze in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
}
