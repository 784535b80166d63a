import { and, eq, inArray } from "drizzle-orm";
import { holds, operations, orders } from "~db/schema";
import { db as appDb, type Db, type DbOrTx } from "~/db/client.server";
import { isUuid } from "~/db/errors.server";
import { gopay, isGopayError, type CoreTransaction, type GopayClient } from "~/gopay/index.server";
import { formatIdr } from "~/lib/money";
import { formatWib } from "~/lib/time";
import { audit, type AuditActor } from "~/services/audit.server";
import type { OperationKind } from "~/services/operations/kinds";
import { claimOperation, executeOperation, findOperation, type Operation } from "~/services/operations/operations.server";
import { applyHoldPaymentState, type HoldRow } from "./apply.server";
import { applyHoldOrderStatus } from "./order-status.server";

/**
 * Capture and release of a pre-auth hold: one intent → one idempotency key → one operation row
 * → at most one GoPay call. The hold row is locked while the rules are checked and the operation
 * is claimed; the call happens after that commits. A hold with a capture or release in flight
 * (pending/unknown) refuses a second intent, so two concurrent captures make one call.
 */
export type HoldAction = "capture" | "release";
export const HOLD_OP_KIND = { capture: "hold.capture", release: "hold.release" } as const satisfies Record<HoldAction, OperationKind>;

export interface HoldActor {
  id: string | null;
  /** Staff email, "api:<key>", "job:…". */
  label: string;
}

export interface HoldDeps {
  client?: GopayClient;
  database?: Db;
  now?: () => Date;
}

export type HoldActionResult =
  | { status: "succeeded"; hold: HoldRow; message: string }
  /** Refused by a rule before any GoPay call. */
  | { status: "refused"; message: string }
  | { status: "failed"; message: string }
  | { status: "unknown"; message: string }
  /** The same intent is still in flight (double submit). */
  | { status: "pending"; message: string };

export interface CaptureInput {
  holdId: string;
  idempotencyKey: string;
  actor: HoldActor;
}
export interface ReleaseInput extends CaptureInput {
  reason: string;
}

type OrderRow = typeof orders.$inferSelect;
type Claimed = { kind: "claimed"; op: Operation; hold: HoldRow; order: OrderRow; created: boolean } | { kind: "refused"; message: string };

export async function captureHold(input: CaptureInput, deps: HoldDeps = {}): Promise<HoldActionResult> {
  return act("capture", input, undefined, deps);
}

export async function releaseHold(input: ReleaseInput, deps: HoldDeps = {}): Promise<HoldActionResult> {
  const reason = input.reason.trim();
  if (reason.length < 3) return { status: "refused", message: "Give a reason for the release (at least 3 characters)." };
  return act("release", input, reason.slice(0, 500), deps);
}

const VERB: Record<HoldAction, string> = { capture: "capture", release: "release" };
const DONE: Record<string, string> = { captured: "captured", released: "released", expired: "expired" };

async function act(action: HoldAction, input: CaptureInput, reason: string | undefined, deps: HoldDeps): Promise<HoldActionResult> {
  const database = deps.database ?? appDb();
  const client = deps.client ?? gopay();
  const now = deps.now?.() ?? new Date();
  const kind = HOLD_OP_KIND[action];

  const claimed: Claimed = await database.transaction(async (tx) => {
    // A non-UUID id is "no longer exists", never Postgres 22P02 (whoever calls this).
    const [hold] = isUuid(input.holdId) ? await tx.select().from(holds).where(eq(holds.id, input.holdId)).for("update") : [];
    if (!hold) return { kind: "refused", message: "This hold no longer exists." };
    const [order] = await tx.select().from(orders).where(eq(orders.id, hold.orderId)).limit(1);
    if (!order) return { kind: "refused", message: "This hold's order no longer exists." };

    // The same intent again (double click, retried request): report that intent, check nothing new.
    const same = await findOperation(tx, kind, input.idempotencyKey);
    if (same) return { kind: "claimed", op: same, hold, order, created: false };

    const refusal = await ruleRefusal(tx, action, hold, order, now);
    if (refusal) {
      await audit(tx, {
        actor: { id: input.actor.id, email: input.actor.label },
        action: kind,
        targetType: "hold",
        targetId: hold.id,
        amount: hold.amount,
        idempotencyKey: input.idempotencyKey,
        result: "denied",
        detail: { message: refusal, orderId: order.orderId },
      });
      return { kind: "refused", message: refusal };
    }
    const request =
      action === "capture" ? { transactionId: order.gopayReference, amount: hold.amount } : { orderId: order.orderId, reason };
    const { op, created } = await claimOperation(tx, {
      kind,
      idempotencyKey: input.idempotencyKey,
      orderId: order.id,
      targetType: "hold",
      targetId: hold.id,
      amount: hold.amount,
      request,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
    });
    // The reason lives on the operation (request.reason) until GoPay confirms the release: applying
    // the `cancel` copies it onto the hold, so a failed release never leaves a reason on a hold
    // that is still authorised.
    await audit(tx, {
      actor: { id: input.actor.id, email: input.actor.label },
      action: kind,
      targetType: "hold",
      targetId: hold.id,
      amount: hold.amount,
      idempotencyKey: input.idempotencyKey,
      request: { orderId: order.orderId, reason },
      result: "pending",
    });
    return { kind: "claimed", op, hold, order, created };
  });

  if (claimed.kind === "refused") return { status: "refused", message: claimed.message };
  const { op, hold, order } = claimed;
  if (!claimed.created) return replay(database, op, hold.id, action);

  const outcome = await executeOperation(
    op,
    (): Promise<CoreTransaction> =>
      action === "capture"
        ? client.core.capture({ idempotencyKey: op.idempotencyKey, transactionId: order.gopayReference!, amount: hold.amount })
        : client.core.cancel(order.orderId, { idempotencyKey: op.idempotencyKey }),
    { database, responseCodeOf: (r) => r.statusCode },
  );

  const auditResult = (result: "ok" | "failed" | "unknown", detail: unknown) =>
    audit(database, {
      actor: { id: input.actor.id, email: input.actor.label },
      action: kind,
      targetType: "hold",
      targetId: hold.id,
      amount: hold.amount,
      idempotencyKey: op.idempotencyKey,
      result,
      detail,
    });

  if (outcome.status === "succeeded") {
    // null: this action's own audit row (below) records the change, with the actor and the key.
    const after = await applyAfterCall(database, order, outcome.result.transactionStatus, input.actor.id, now, null, { id: input.actor.id, email: input.actor.label });
    await auditResult("ok", { gopayStatus: outcome.result.transactionStatus, orderId: order.orderId });
    const st = after?.status ?? hold.status;
    return { status: "succeeded", hold: after ?? hold, message: `Hold for order ${order.orderId} ${DONE[st] ?? st}: ${formatIdr(hold.amount)}.` };
  }
  if (outcome.status === "failed") {
    await auditResult("failed", { message: outcome.message, responseCode: outcome.responseCode });
    // 412: GoPay says the hold is no longer authorised (lapsed, settled elsewhere): learn its state.
    if (outcome.responseCode === "412") await reconcile(database, client, order, now);
    return { status: "failed", message: `GoPay refused the ${VERB[action]}: ${outcome.message}` };
  }
  await auditResult("unknown", { message: outcome.message });
  return {
    status: "unknown",
    message: `GoPay did not confirm the ${VERB[action]} (${outcome.message}). Loket will check its status with GoPay and record the outcome; do not try again.`,
  };
}

/** Why this action is not allowed now, or undefined. No GoPay call is made for a refusal. */
async function ruleRefusal(tx: DbOrTx, action: HoldAction, hold: HoldRow, order: OrderRow, now: Date): Promise<string | undefined> {
  if (hold.status !== "authorised") {
    return `This hold was already ${hold.status}; it cannot be ${action === "capture" ? "captured" : "released"}.`;
  }
  if (hold.expiresAt.getTime() <= now.getTime()) {
    return `This hold expired at ${formatWib(hold.expiresAt)}; GoPay no longer holds the money, so it cannot be ${action === "capture" ? "captured" : "released"}.`;
  }
  if (action === "capture" && !order.gopayReference) {
    return "GoPay's transaction id for this order is not known yet; resync the order before capturing.";
  }
  const [inFlight] = await tx
    .select({ kind: operations.kind, status: operations.status, actorLabel: operations.actorLabel })
    .from(operations)
    .where(
      and(
        eq(operations.targetType, "hold"),
        eq(operations.targetId, hold.id),
        inArray(operations.kind, [HOLD_OP_KIND.capture, HOLD_OP_KIND.release]),
        inArray(operations.status, ["pending", "unknown", "succeeded"]),
      ),
    )
    .limit(1);
  if (inFlight) {
    const what = inFlight.kind === HOLD_OP_KIND.capture ? "A capture" : "A release";
    return inFlight.status === "succeeded"
      ? `${what} of this hold already succeeded.`
      : `${what} of this hold is already in progress${inFlight.actorLabel ? ` (by ${inFlight.actorLabel})` : ""}; wait for its outcome.`;
  }
  return undefined;
}

async function replay(database: Db, op: Operation, holdId: string, action: HoldAction): Promise<HoldActionResult> {
  const [hold] = await database.select().from(holds).where(eq(holds.id, holdId)).limit(1);
  if (op.status === "succeeded" && hold) return { status: "succeeded", hold, message: `This ${VERB[action]} was already done.` };
  if (op.status === "failed") return { status: "failed", message: `GoPay refused the ${VERB[action]}: ${op.errorMessage ?? "no reason given"}` };
  if (op.status === "unknown") return { status: "unknown", message: `The outcome of this ${VERB[action]} is not known yet; Loket is checking with GoPay.` };
  return { status: "pending", message: `This ${VERB[action]} is already being sent to GoPay.` };
}

/** Applies GoPay's answer to the hold and records who settled it. */
export async function applyAfterCall(
  database: Db,
  order: OrderRow,
  gopayStatus: string,
  actorId: string | null,
  now: Date,
  /** Who the hold change's audit row names (a job: `job:<name>`); default `loket`; null: the caller's action audits it. */
  auditActor?: AuditActor | null,
  /** Who the order's status change is audited as, when the hold's own row is the caller's (a staff action). */
  orderActor?: AuditActor,
): Promise<HoldRow | undefined> {
  return database.transaction(async (tx) => {
    // Lock order → hold, the same order as a notification's apply: hold-first deadlocked against
    // the capture's own notification arriving at once (Postgres 40P01).
    const [cur] = await tx.select().from(orders).where(eq(orders.id, order.id)).for("update");
    const { hold, changed } = await applyHoldPaymentState(tx, order, gopayStatus, null, { now, actor: auditActor === undefined && actorId ? null : auditActor });
    // The order follows what GoPay said of its hold (no notification may ever come).
    if (cur) await applyHoldOrderStatus(tx, cur, gopayStatus, hold, orderActor ?? auditActor ?? { email: "loket" }, now);
    if (!hold) return undefined;
    if (changed && actorId) {
      const [h] = await tx.update(holds).set({ settledBy: actorId }).where(eq(holds.id, hold.id)).returning();
      return h;
    }
    return hold;
  });
}

/** Asks GoPay for the transaction's status and applies it to the hold (best effort). */
export async function reconcile(database: Db, client: GopayClient, order: OrderRow, now: Date): Promise<string | undefined> {
  try {
    const st = await client.core.status(order.orderId);
    await applyAfterCall(database, order, st.transactionStatus, null, now);
    return st.transactionStatus;
  } catch (err) {
    if (isGopayError(err)) return undefined;
    throw err;
  }
}
