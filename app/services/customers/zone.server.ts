import { eq, sql } from "drizzle-orm";
import { customers, type Zone } from "~db/schema";
import type { Db } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { audit, type AuditActor } from "~/services/audit.server";

/**
 * A customer's time zone, set or cleared by staff. Campaigns read it for "at 09:00 in each
 * recipient's zone" and quiet hours (a CSV's zone column still wins; nothing set → WIB). The change
 * and its audit row commit together; setting the zone it already has changes nothing and writes no
 * audit row.
 */
export type SetZoneResult =
  | { ok: true; changed: boolean; before: Zone | null; after: Zone | null }
  | { ok: false; reason: "not_found" };

export async function setCustomerZone(
  database: Db,
  input: { customerId: string; zone: Zone | null; actor: AuditActor; ip?: string | null },
): Promise<SetZoneResult> {
  if (!isUuid(input.customerId)) return { ok: false, reason: "not_found" };
  return database.transaction(async (tx) => {
    const [row] = await tx
      .select({ zone: customers.zone })
      .from(customers)
      .where(eq(customers.id, input.customerId))
      .for("update");
    if (!row) return { ok: false as const, reason: "not_found" as const };
    const before = row.zone ?? null;
    if (before === input.zone) return { ok: true as const, changed: false, before, after: before };
    await tx
      .update(customers)
      .set({ zone: input.zone, updatedAt: sql`now()` })
      .where(eq(customers.id, input.customerId));
    await audit(tx, {
      actor: input.actor,
      action: "customer.set_zone",
      targetType: "customer",
      targetId: input.customerId,
      request: { zone: input.zone },
      detail: { before, after: input.zone },
      result: "ok",
      ip: input.ip,
    });
    return { ok: true as const, changed: true, before, after: input.zone };
  });
}
