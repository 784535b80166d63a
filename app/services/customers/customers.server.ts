import { eq, sql } from "drizzle-orm";
import { customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";

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
 * never blank out what is known (a payment without a phone does not erase the phone).
 */
export async function upsertCustomer(
  tx: DbOrTx,
  input: { merchantUserId: string; name?: string | null; phone?: string | null; email?: string | null },
): Promise<CustomerRow> {
  const [row] = await tx
    .insert(customers)
    .values({ merchantUserId: input.merchantUserId, name: input.name ?? null, phone: input.phone ?? null, email: input.email ?? null })
    .onConflictDoUpdate({
      target: customers.merchantUserId,
      set: {
        name: sql`coalesce(excluded.name, ${customers.name})`,
        phone: sql`coalesce(excluded.phone, ${customers.phone})`,
        email: sql`coalesce(excluded.email, ${customers.email})`,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

export async function findCustomer(tx: DbOrTx, merchantUserId: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.merchantUserId, merchantUserId)).limit(1);
  return row;
}
