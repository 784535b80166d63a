import { and, asc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { customerMatchConflicts, customers, orders, payAccounts, type CustomerMatchBy, type MatchConflictReason, type MatchSubject } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { customerIdsByEmail, customerIdsByPhone, upsertCustomer } from "./customers.server";
import { foldName } from "./fold";

/** What an order or an account says about its person. Phone normalised (62812…). */
export interface Identity {
  merchantUserId?: string | null;
  phone?: string | null;
  email?: string | null;
  name?: string | null;
}

export type MatchResult =
  | { kind: "matched"; customerId: string; by: CustomerMatchBy }
  | { kind: "ambiguous"; reason: MatchConflictReason; value: string; candidateIds: string[] }
  | { kind: "none" };

/**
 * The one matching rule: merchant user id first (found or created: it is the merchant's own key),
 * then the normalised phone, then the email. A phone or email that belongs to exactly one customer
 * links to them; to several (different people, different merchant user ids) it is ambiguous
 * unless the email narrows it to one — never guessed. Nothing known → a guest customer is created
 * (when `create`), so a person seen only on an order is still findable and can be claimed later
 * by their merchant user id (upsertCustomer).
 *
 * Callers serialise on the phone/email (lockIdentity) so two processes never create two guests
 * for one phone.
 */
export async function matchCustomer(tx: DbOrTx, who: Identity, opts: { create?: boolean } = {}): Promise<MatchResult> {
  if (who.merchantUserId) {
    const c = await upsertCustomer(tx, { merchantUserId: who.merchantUserId, name: who.name, phone: who.phone, email: who.email });
    return { kind: "matched", customerId: c.id, by: "merchant_user_id" };
  }
  const byPhone = who.phone ? await customerIdsByPhone(tx, who.phone) : [];
  if (byPhone.length === 1) return { kind: "matched", customerId: byPhone[0]!, by: "phone" };
  const byEmail = who.email ? await customerIdsByEmail(tx, who.email) : [];
  if (byPhone.length > 1) {
    const narrowed = byEmail.filter((id) => byPhone.includes(id));
    if (narrowed.length === 1) return { kind: "matched", customerId: narrowed[0]!, by: "email" };
    return { kind: "ambiguous", reason: "phone_ambiguous", value: who.phone!, candidateIds: byPhone };
  }
  if (byEmail.length === 1) return { kind: "matched", customerId: byEmail[0]!, by: "email" };
  if (byEmail.length > 1) return { kind: "ambiguous", reason: "email_ambiguous", value: who.email!, candidateIds: byEmail };
  if (opts.create && (who.phone || who.email)) {
    const [c] = await tx
      .insert(customers)
      .values({ merchantUserId: null, name: who.name ?? null, searchName: foldName(who.name), phone: who.phone ?? null, email: who.email ?? null })
      .returning({ id: customers.id });
    return { kind: "matched", customerId: c!.id, by: "created" };
  }
  return { kind: "none" };
}

/**
 * Serialises matching on one phone/email for the rest of the transaction (pg_advisory_xact_lock),
 * so two concurrent creations never make two guests for one person.
 */
export async function lockIdentity(tx: DbOrTx, who: Identity): Promise<void> {
  const keys = [who.phone ? `phone:${who.phone}` : null, who.email ? `email:${who.email.toLowerCase()}` : null].filter((k): k is string => k !== null).sort();
  for (const k of keys) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`customer:${k}`}))`);
}

async function recordConflict(tx: DbOrTx, subjectType: MatchSubject, subjectId: string, m: Extract<MatchResult, { kind: "ambiguous" }>) {
  await tx
    .insert(customerMatchConflicts)
    .values({ subjectType, subjectId, reason: m.reason, value: m.value, candidateIds: m.candidateIds })
    .onConflictDoUpdate({
      target: [customerMatchConflicts.subjectType, customerMatchConflicts.subjectId],
      set: { reason: m.reason, value: m.value, candidateIds: m.candidateIds, updatedAt: new Date() },
      // Re-running on an unchanged conflict writes nothing (idempotent backfill).
      setWhere: sql`${customerMatchConflicts.candidateIds} <> excluded.candidate_ids or ${customerMatchConflicts.reason} <> excluded.reason`,
    });
}

async function clearConflict(tx: DbOrTx, subjectType: MatchSubject, subjectId: string) {
  await tx.delete(customerMatchConflicts).where(and(eq(customerMatchConflicts.subjectType, subjectType), eq(customerMatchConflicts.subjectId, subjectId)));
}

export type LinkOutcome = "linked" | "already" | "ambiguous" | "none";

type OrderLike = Pick<typeof orders.$inferSelect, "id" | "customerId" | "payAccountId" | "customerPhone" | "customerEmail" | "customerName" | "channel">;

/**
 * Links an order to its customer: through its pay account when it has one (tokenized, pre-auth),
 * else by the order's phone/email (a guest is created for an unknown person). A tokenized or
 * pre-auth order without a name/email of its own takes the customer's, so staff see who paid.
 */
export async function linkOrder(tx: DbOrTx, order: OrderLike, opts: { merchantUserId?: string | null } = {}): Promise<LinkOutcome> {
  if (order.customerId) return "already";
  let m: MatchResult = { kind: "none" };
  if (order.payAccountId) {
    const [acc] = await tx.select({ customerId: payAccounts.customerId }).from(payAccounts).where(eq(payAccounts.id, order.payAccountId)).limit(1);
    if (acc?.customerId) m = { kind: "matched", customerId: acc.customerId, by: "account" };
  }
  if (m.kind === "none") {
    const who = { merchantUserId: opts.merchantUserId, phone: order.customerPhone, email: order.customerEmail, name: order.customerName };
    await lockIdentity(tx, who);
    m = await matchCustomer(tx, who, { create: true });
  }
  if (m.kind === "ambiguous") {
    await recordConflict(tx, "order", order.id, m);
    return "ambiguous";
  }
  if (m.kind === "none") return "none";
  const [c] = await tx.select({ name: customers.name, email: customers.email, phone: customers.phone }).from(customers).where(eq(customers.id, m.customerId)).limit(1);
  const fill = order.channel !== "deeplink" && c;
  await tx
    .update(orders)
    .set({
      customerId: m.customerId,
      customerMatchedBy: m.by,
      ...(fill && !order.customerName && c.name ? { customerName: c.name } : {}),
      ...(fill && !order.customerEmail && c.email ? { customerEmail: c.email } : {}),
      ...(fill && !order.customerPhone && c.phone ? { customerPhone: c.phone } : {}),
    })
    .where(and(eq(orders.id, order.id), isNull(orders.customerId)));
  await clearConflict(tx, "order", order.id);
  return "linked";
}

type AccountLike = Pick<typeof payAccounts.$inferSelect, "id" | "customerId" | "phone">;

/** Links a pay account to its customer by its phone (a guest is created for an unknown person). */
export async function linkPayAccount(tx: DbOrTx, account: AccountLike): Promise<LinkOutcome> {
  if (account.customerId) return "already";
  if (!account.phone) return "none";
  await lockIdentity(tx, { phone: account.phone });
  const m = await matchCustomer(tx, { phone: account.phone }, { create: true });
  if (m.kind === "ambiguous") {
    await recordConflict(tx, "pay_account", account.id, m);
    return "ambiguous";
  }
  if (m.kind === "none") return "none";
  await tx.update(payAccounts).set({ customerId: m.customerId, customerMatchedBy: m.by }).where(and(eq(payAccounts.id, account.id), isNull(payAccounts.customerId)));
  await clearConflict(tx, "pay_account", account.id);
  return "linked";
}

export interface BackfillResult {
  searchNames: number;
  accounts: Record<LinkOutcome, number>;
  orders: Record<LinkOutcome, number>;
  staleConflictsRemoved: number;
}

const BATCH = 200;

/**
 * Links every existing row that has no customer yet, and fills search names. Re-runnable: a
 * linked row is never touched again, an ambiguous one is re-checked (its conflict row updated or
 * removed), and a second run over unchanged data changes nothing. Each row in its own short
 * transaction, in creation order (the first order with a phone makes the guest the later ones join).
 */
export async function backfillCustomerLinks(db: DbOrTx): Promise<BackfillResult> {
  const zero = (): Record<LinkOutcome, number> => ({ linked: 0, already: 0, ambiguous: 0, none: 0 });
  const out: BackfillResult = { searchNames: 0, accounts: zero(), orders: zero(), staleConflictsRemoved: 0 };

  for (;;) {
    const batch = await db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(and(isNull(customers.searchName), sql`${customers.name} is not null`))
      .limit(BATCH);
    const named = batch.filter((c) => foldName(c.name));
    for (const c of batch) await db.update(customers).set({ searchName: foldName(c.name) ?? "" }).where(eq(customers.id, c.id));
    out.searchNames += named.length;
    if (batch.length < BATCH) break;
  }

  await forEachUnlinked(
    db,
    payAccounts,
    and(isNull(payAccounts.customerId), sql`${payAccounts.phone} is not null`)!,
    async (tx, id) => {
      const [a] = await tx.select().from(payAccounts).where(eq(payAccounts.id, id)).for("update");
      if (a) out.accounts[await linkPayAccount(tx, a)]++;
    },
  );
  await forEachUnlinked(
    db,
    orders,
    and(isNull(orders.customerId), or(sql`${orders.payAccountId} is not null`, sql`${orders.customerPhone} is not null`, sql`${orders.customerEmail} is not null`))!,
    async (tx, id) => {
      const [o] = await tx.select().from(orders).where(eq(orders.id, id)).for("update");
      if (o) out.orders[await linkOrder(tx, o)]++;
    },
  );

  // Conflicts whose subject got linked some other way (a staff decision, a later payment).
  const removed = await db
    .delete(customerMatchConflicts)
    .where(
      or(
        and(eq(customerMatchConflicts.subjectType, "order"), sql`exists (select 1 from orders o where o.id = ${customerMatchConflicts.subjectId} and o.customer_id is not null)`),
        and(eq(customerMatchConflicts.subjectType, "pay_account"), sql`exists (select 1 from pay_accounts a where a.id = ${customerMatchConflicts.subjectId} and a.customer_id is not null)`),
      ),
    )
    .returning({ id: customerMatchConflicts.id });
  out.staleConflictsRemoved = removed.length;
  return out;
}

/** Walks the matching rows in (created_at, id) order by keyset, one transaction per row. */
async function forEachUnlinked(
  db: DbOrTx,
  table: typeof orders | typeof payAccounts,
  where: SQL,
  each: (tx: DbOrTx, id: string) => Promise<void>,
): Promise<void> {
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const page = await db
      .select({ id: table.id, at: sql<string>`${table.createdAt}::text` })
      .from(table)
      .where(and(where, after ? sql`(${table.createdAt}, ${table.id}) > (${after.at}::timestamptz, ${after.id}::uuid)` : undefined))
      .orderBy(asc(table.createdAt), asc(table.id))
      .limit(BATCH);
    for (const r of page) await db.transaction((tx) => each(tx, r.id));
    if (page.length < BATCH) return;
    const last = page[page.length - 1]!;
    after = { at: last.at, id: last.id };
  }
}
