import { and, eq, isNull, sql } from "drizzle-orm";
import { customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { foldName } from "./fold";

export type CustomerRow = typeof customers.$inferSelect;

/** The customer as the API shows it: never the (encrypted) mini-app token. */
export function publicCustomer(c: CustomerRow) {
  return {
    id: c.id,
    merchant_user_id: c.merchantUserId,
    name: c.name,
    phone: c.phone,
    email: c.email,
    gopay_account_id: c.gopayAccountId,
    profile_fetched_at: c.profileFetchedAt?.toISOString() ?? null,
    created_at: c.createdAt.toISOString(),
  };
}

/**
 * Finds the customer by merchant_user_id or creates it. Given fields fill in what is missing but
 * never blank out what is known (a payment without a phone does not erase the phone). A new
 * merchant user id first claims the one guest customer (no merchant user id yet) with the same
 * phone or email, so a person seen on an order before they opened the mini app stays one person;
 * two such guests are left alone (ambiguous, not guessed).
 */
export async function upsertCustomer(
  tx: DbOrTx,
  input: { merchantUserId: string; name?: string | null; phone?: string | null; email?: string | null },
): Promise<CustomerRow> {
  const [known] = await tx.select().from(customers).where(eq(customers.merchantUserId, input.merchantUserId)).limit(1);
  if (!known) {
    const guest = await soleGuest(tx, input.phone ?? null, input.email ?? null);
    if (guest) {
      const [claimed] = await tx
        .update(customers)
        .set({
          merchantUserId: input.merchantUserId,
          name: guest.name ?? input.name ?? null,
          searchName: foldName(guest.name ?? input.name),
          phone: guest.phone ?? input.phone ?? null,
          email: guest.email ?? input.email ?? null,
          updatedAt: new Date(),
        })
        .where(and(eq(customers.id, guest.id), isNull(customers.merchantUserId)))
        .returning();
      if (claimed) return claimed;
    }
  }
  const [row] = await tx
    .insert(customers)
    .values({
      merchantUserId: input.merchantUserId,
      name: input.name ?? null,
      searchName: foldName(input.name),
      phone: input.phone ?? null,
      email: input.email ?? null,
    })
    .onConflictDoUpdate({
      target: customers.merchantUserId,
      set: {
        name: sql`coalesce(excluded.name, ${customers.name})`,
        searchName: sql`coalesce(excluded.search_name, ${customers.searchName})`,
        phone: sql`coalesce(excluded.phone, ${customers.phone})`,
        email: sql`coalesce(excluded.email, ${customers.email})`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

async function soleGuest(tx: DbOrTx, phone: string | null, email: string | null): Promise<CustomerRow | undefined> {
  if (!phone && !email) return undefined;
  const by = phone ? eq(customers.phone, phone) : sql`lower(${customers.email}) = lower(${email})`;
  const found = await tx.select().from(customers).where(and(isNull(customers.merchantUserId), by)).limit(2);
  return found.length === 1 ? found[0] : undefined;
}

export async function findCustomer(tx: DbOrTx, merchantUserId: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.merchantUserId, merchantUserId)).limit(1);
  return row;
}

/** How many candidates a phone or email lookup reads: two are enough to know it is ambiguous; a few more to show them. */
const CANDIDATES = 5;

/**
 * Every customer a phone belongs to: their own phone, a linked account's phone, or a linked
 * order's phone (a person keeps one customer even when their account and their orders carry
 * different numbers).
 */
export async function customerIdsByPhone(tx: DbOrTx, phone: string, limit = CANDIDATES): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`select id from (
          select id from customers where phone = ${phone}
          union select customer_id from pay_accounts where phone = ${phone} and customer_id is not null
          union select customer_id from orders where customer_phone = ${phone} and customer_id is not null
        ) u order by id limit ${limit}`,
  );
  return found.map((r) => r.id);
}

/** Every customer an email belongs to (case-insensitive): their own or a linked order's. */
export async function customerIdsByEmail(tx: DbOrTx, email: string, limit = CANDIDATES): Promise<string[]> {
  const found = await rows<{ id: string }>(
    tx,
    sql`select id from (
          select id from customers where lower(email) = lower(${email})
          union select customer_id from orders where lower(customer_email) = lower(${email}) and customer_id is not null
        ) u order by id limit ${limit}`,
  );
  return found.map((r) => r.id);
}
