import { eq } from "drizzle-orm";
import { ROLES, roleLimits, type Role } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { MAX_TRANSACTION_MINOR } from "~/lib/money";
import { audit, type AuditActor } from "~/services/audit.server";

export interface RoleLimit {
  role: Role;
  /** Minor units; null = no limit. */
  refundLimit: bigint | null;
  updatedAt: Date | null;
}

/**
 * The most a role may refund alone, in minor units; null = unlimited. A role without a row may
 * refund nothing (fail closed).
 */
export async function getRefundLimit(db: DbOrTx, role: Role): Promise<bigint | null> {
  const [row] = await db.select({ refundLimit: roleLimits.refundLimit }).from(roleLimits).where(eq(roleLimits.role, role));
  return row ? row.refundLimit : 0n;
}

export async function listRoleLimits(db: DbOrTx): Promise<RoleLimit[]> {
  const rows = await db.select().from(roleLimits);
  const byRole = new Map(rows.map((r) => [r.role, r]));
  return ROLES.map((role) => {
    const r = byRole.get(role);
    return { role, refundLimit: r ? r.refundLimit : 0n, updatedAt: r?.updatedAt ?? null };
  });
}

/** Sets one role's refund limit (null = unlimited) and audits old → new. */
export async function setRefundLimit(
  db: DbOrTx,
  params: { actor: AuditActor & { id: string }; role: Role; refundLimit: bigint | null; ip?: string },
): Promise<void> {
  if (params.refundLimit !== null && params.refundLimit < 0n) throw new RangeError("negative limit");
  // why: callers parse with rupiahField; a limit above what GoPay moves at once is meaningless and could overflow bigint.
  if (params.refundLimit !== null && params.refundLimit > MAX_TRANSACTION_MINOR) throw new RangeError("limit above GoPay's maximum transaction");
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(roleLimits).where(eq(roleLimits.role, params.role)).for("update");
    await tx
      .insert(roleLimits)
      .values({ role: params.role, refundLimit: params.refundLimit, updatedBy: params.actor.id, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: roleLimits.role,
        set: { refundLimit: params.refundLimit, updatedBy: params.actor.id, updatedAt: new Date() },
      });
    await audit(tx, {
      actor: params.actor,
      action: "limits.update",
      targetType: "role",
      targetId: params.role,
      amount: params.refundLimit,
      result: "ok",
      detail: { from: before ? before.refundLimit : null, to: params.refundLimit, unlimited: params.refundLimit === null },
      ip: params.ip,
    });
  });
}
