import { and, eq, inArray } from "drizzle-orm";
import { holds, operations, orderEvents, type HoldStatus } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { audit, type AuditActor } from "~/services/audit.server";

/** GoPay holds a pre-auth for 15 minutes unless the charge said otherwise (contract §2.2). */
export const DEFAULT_HOLD_MS = 15 * 60_000;

export type HoldRow = typeof holds.$inferSelect;

// Our expires_at comes from our clock, GoPay's lapse from its own: a `cancel` this close before
// expires_at that we did not ask for is still the lapse.
const EXPIRY_SKEW_MS = 30_000;

/** The fields of an order this module needs (an `orders` row fits). */
export interface HoldOrder {
  id: string;
  amount: bigint;
  channel: string;
  createdAt: Date;
  expiresAt?: Date | null;
}

export interface ApplyHoldOptions {
  /** When GoPay says the hold ends (the notification's / status' expiry_time), if known. */
  expiresAt?: Date | null;
  /** "Now" (tests); also the authorised/settled time written on a change. */
  now?: Date;
  /**
   * Who made the change, for the audit row every hold change writes: default `gopay` when a
   * notification carried it, else `loket`; jobs pass `job:<name>`. `null`: the caller audits this
   * change itself (a staff capture/release writes its own row with the staff member and the key).
   * A hold first seen authorised without a notification is the caller's charge, audited there.
   */
  actor?: AuditActor | null;
}

/**
 * Would applying this Core status change the hold? Read-only: the notification step asks before it
 * trusts an unconfirmed notification (a `capture` claim on an authorised hold → yes, confirm first).
 */
export async function holdChangeImplied(tx: DbOrTx, order: HoldOrder, coreStatus: string): Promise<boolean> {
  if (order.channel !== "preauth") return false;
  const target = targetOf(coreStatus);
  if (!target) return false;
  const [hold] = await tx.select({ status: holds.status }).from(holds).where(eq(holds.orderId, order.id)).limit(1);
  if (!hold) return true;
  return hold.status === "authorised" && target !== "authorised";
}

export interface ApplyHoldResult {
  /** The hold after applying (null: not a pre-auth order or a status that says nothing about holds). */
  hold: HoldRow | null;
  changed: boolean;
}

/** Core transaction_status → what it means for a hold; null: nothing (pending, deny, failure). */
function targetOf(coreStatus: string): HoldStatus | "cancel" | null {
  switch (coreStatus) {
    case "authorize":
      return "authorised";
    // A refund can only follow a capture: the hold was captured even if we missed that notification.
    case "capture":
    case "settlement":
    case "refund":
    case "partial_refund":
      return "captured";
    case "cancel":
      return "cancel";
    case "expire":
      return "expired";
    default:
      return null;
  }
}

/**
 * Applies a pre-auth order's Core transaction_status to its hold. Call inside the transaction that
 * applies the notification / status (INGEST, the sweep, capture/release follow-ups).
 *
 * Monotonic: only an `authorised` hold moves (to captured, released or expired); a settled hold
 * never goes back, so a late or duplicate notification changes nothing. Idempotent: applying the
 * same status twice changes nothing the second time. The hold row is locked while deciding.
 *
 * `cancel` means released when we asked for the release (a hold.release operation that is not
 * failed) or the hold had not yet reached expires_at; otherwise GoPay let it lapse → expired.
 */
export async function applyHoldPaymentState(
  tx: DbOrTx,
  order: HoldOrder,
  coreStatus: string,
  notificationId: bigint | null,
  opts: ApplyHoldOptions = {},
): Promise<ApplyHoldResult> {
  if (order.channel !== "preauth") return { hold: null, changed: false };
  const target = targetOf(coreStatus);
  if (!target) return { hold: null, changed: false };
  const now = opts.now ?? new Date();

  let [hold] = await tx.select().from(holds).where(eq(holds.orderId, order.id)).for("update");
  if (!hold) {
    // First word about this hold (usually `authorize`; a late/out-of-order one may be terminal):
    // create it authorised, then fall through so a terminal status is applied like any other.
    const authorisedAt = target === "authorised" ? now : order.createdAt;
    const expiresAt = opts.expiresAt ?? order.expiresAt ?? new Date(authorisedAt.getTime() + DEFAULT_HOLD_MS);
    await tx
      .insert(holds)
      .values({ orderId: order.id, amount: order.amount, status: "authorised", authorisedAt, expiresAt })
      .onConflictDoNothing({ target: holds.orderId });
    [hold] = await tx.select().from(holds).where(eq(holds.orderId, order.id)).for("update");
    if (!hold) throw new Error(`hold for order ${order.id} vanished`);
    if (target === "authorised") {
      await event(tx, order.id, "hold.authorised", "Hold authorised", notificationId, { expiresAt: hold.expiresAt.toISOString() });
      await auditHold(tx, hold, "authorised", coreStatus, notificationId, opts.actor);
      return { hold, changed: true };
    }
  }

  if (hold.status !== "authorised" || target === "authorised") return { hold, changed: false };

  let status: HoldStatus = target === "cancel" ? "released" : target;
  let releaseReason: string | undefined;
  if (target === "cancel") {
    const asked = await releaseRequest(tx, hold.id);
    if (!asked && hold.expiresAt.getTime() - EXPIRY_SKEW_MS <= now.getTime()) status = "expired";
    if (status === "released") releaseReason = hold.releaseReason ?? asked?.reason ?? "Released at GoPay";
  }
  const [updated] = await tx
    .update(holds)
    .set({
      status,
      capturedAt: status === "captured" ? now : undefined,
      releasedAt: status === "released" ? now : undefined,
      expiredAt: status === "expired" ? now : undefined,
      releaseReason,
      updatedAt: now,
    })
    .where(and(eq(holds.id, hold.id), eq(holds.status, "authorised")))
    .returning();
  if (!updated) return { hold, changed: false };
  const titles: Record<HoldStatus, string> = {
    authorised: "Hold authorised",
    captured: "Hold captured",
    released: "Hold released",
    expired: "Hold expired",
  };
  await event(tx, order.id, `hold.${status}`, titles[status], notificationId, { gopayStatus: coreStatus });
  await auditHold(tx, updated, status, coreStatus, notificationId, opts.actor);
  return { hold: updated, changed: true };
}

/**
 * Loket's own release request for this hold, if any (so a `cancel` is our release, not a lapse),
 * with the staff's reason from the operation's request.
 */
async function releaseRequest(tx: DbOrTx, holdId: string): Promise<{ reason: string | undefined } | undefined> {
  const [op] = await tx
    .select({ request: operations.request })
    .from(operations)
    .where(
      and(
        eq(operations.kind, "hold.release"),
        eq(operations.targetType, "hold"),
        eq(operations.targetId, holdId),
        inArray(operations.status, ["pending", "unknown", "succeeded"]),
      ),
    )
    .limit(1);
  if (!op) return undefined;
  const reason = (op.request as { reason?: unknown } | null)?.reason;
  return { reason: typeof reason === "string" && reason.trim() ? reason : undefined };
}

async function event(tx: DbOrTx, orderId: string, kind: string, title: string, notificationId: bigint | null, detail: unknown) {
  await tx.insert(orderEvents).values({
    orderId,
    kind,
    title,
    notificationId,
    actorLabel: notificationId === null ? "loket" : "gopay",
    detail: detail as object,
  });
}

/** Every change of a hold's money state is audited, whoever caused it (same transaction). */
async function auditHold(tx: DbOrTx, hold: HoldRow, status: HoldStatus, coreStatus: string, notificationId: bigint | null, actor: AuditActor | null | undefined) {
  if (actor === null) return;
  if (actor === undefined && notificationId === null && status === "authorised") return;
  await audit(tx, {
    actor: actor ?? { email: notificationId === null ? "loket" : "gopay" },
    action: `hold.${status}`,
    targetType: "hold",
    targetId: hold.id,
    amount: hold.amount,
    result: "ok",
    detail: { orderId: hold.orderId, gopayStatus: coreStatus, notificationId: notificationId?.toString() ?? null },
  });
}
