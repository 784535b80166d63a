import { and, eq, inArray } from "drizzle-orm";
import { notifications, operations, payAccountEvents, payAccounts, type PayAccountStatus, type UnbindSource } from "~db/schema";
import { db as appDb, type Db, type DbOrTx } from "~/db/client.server";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { stripTokens, type StoredPaymentOption } from "./options";
import { statusMessageOf, unbindSourceFromStatusMessage } from "./unbind-source";

export type PayAccountRow = typeof payAccounts.$inferSelect;

export interface SyncOptions {
  /** Who started an unbind, when the caller knows (staff action, merchant API). */
  source?: UnbindSource;
  notificationId?: bigint | null;
  actorId?: string | null;
  actorLabel?: string | null;
  reason?: string;
  /** Tests and jobs: another client / database / clock. */
  client?: GopayClient;
  database?: Db;
  now?: () => Date;
}

export interface SyncResult {
  account: PayAccountRow;
  changed: boolean;
  statusBefore: PayAccountStatus | null;
  statusAfter: PayAccountStatus;
  paymentOptions: StoredPaymentOption[];
}

export class PayAccountNotFoundError extends Error {
  constructor(readonly accountId: string) {
    super(`GoPay does not know pay account ${accountId}`);
    this.name = "PayAccountNotFoundError";
  }
}

const STATUS_RANK: Record<PayAccountStatus, number> = { PENDING: 0, ENABLED: 1, EXPIRED: 2, DISABLED: 2 };

const KIND_FOR: Record<PayAccountStatus, string> = {
  PENDING: "status.changed",
  ENABLED: "linked",
  EXPIRED: "expired",
  DISABLED: "unbind",
};

/**
 * Asks GoPay (`GET /v2/pay/account/{id}`) for a pay account's state and applies THAT — never a
 * notification body (pay-account notifications cannot be verified, contract §7). Records one
 * pay_account_events row per status change and refreshes the stored payment options (tokens
 * stripped). Idempotent: a second sync with nothing new changes nothing but refreshed_at.
 *
 * Unbind source: the caller's `source` when given; otherwise our own unbind operation for the
 * account (staff, or the merchant API when its actor is `api:…`); otherwise the notification's
 * `status_message` ("unlinked by user" → customer_app, "phone number changed" → phone_change,
 * anything else → gopay). That message is the only thing read from the unverifiable body, and it
 * only labels the event: the state written is still GoPay's GET.
 */
export async function syncPayAccountFromGopay(accountId: string, opts: SyncOptions = {}): Promise<SyncResult> {
  const client = opts.client ?? gopay();
  const database = opts.database ?? appDb();
  const now = opts.now?.() ?? new Date();

  let remote;
  try {
    remote = await client.core.getPayAccount(accountId);
  } catch (err) {
    if (err && typeof err === "object" && "kind" in err && err.kind === "not_found") throw new PayAccountNotFoundError(accountId);
    throw err;
  }
  const fetched: PayAccountStatus = remote.accountStatus ?? "PENDING";
  const paymentOptions = stripTokens(remote.paymentOptions);

  return database.transaction(async (tx) => {
    // Unknown here (linked through another channel): keep a row so its history has a home.
    await tx.insert(payAccounts).values({ accountId, status: fetched }).onConflictDoNothing({ target: payAccounts.accountId });
    const [row] = await tx.select().from(payAccounts).where(eq(payAccounts.accountId, accountId)).for("update");
    if (!row) throw new Error(`pay account ${accountId} vanished`);
    const statusBefore = row.status;
    // Two syncs can race (a page load's GET answered PENDING just before the customer finished
    // linking; the notification's GET answered ENABLED and was applied first). A linking only
    // moves forward — PENDING → ENABLED → DISABLED/EXPIRED (a new linking is a new account id) —
    // so an answer that would move it back is stale and changes nothing.
    const stale = STATUS_RANK[fetched] < STATUS_RANK[statusBefore];
    const statusAfter: PayAccountStatus = stale ? statusBefore : fetched;
    const changed = statusBefore !== statusAfter;

    let source: UnbindSource | null = null;
    let actorId = opts.actorId ?? null;
    let actorLabel = opts.actorLabel ?? null;
    let reason = opts.reason ?? null;
    if (changed && statusAfter === "DISABLED") {
      if (opts.source) source = opts.source;
      else {
        const [op] = await tx
          .select({ actorId: operations.actorId, actorLabel: operations.actorLabel, request: operations.request })
          .from(operations)
          .where(
            and(
              eq(operations.kind, "pay_account.unbind"),
              eq(operations.targetType, "pay_account"),
              eq(operations.targetId, row.id),
              inArray(operations.status, ["pending", "unknown", "succeeded"]),
            ),
          )
          .limit(1);
        if (op) {
          source = op.actorLabel?.startsWith("api:") ? "merchant_api" : "staff";
          actorId ??= op.actorId;
          actorLabel ??= op.actorLabel;
          // The notification can arrive before our own unbind call returns: the reason the staff
          // member gave is on the operation row, so the event keeps it either way.
          const opReason = (op.request as { reason?: unknown } | null)?.reason;
          reason ??= typeof opReason === "string" && opReason.trim() ? opReason : null;
        } else source = await sourceFromNotification(tx, opts.notificationId);
      }
    }

    const activation = remote.actions;
    const [account] = await tx
      .update(payAccounts)
      .set({
        status: statusAfter,
        // Options of a non-enabled account are meaningless (GoPay sends none): keep none.
        paymentOptions: stale ? undefined : statusAfter === "ENABLED" ? paymentOptions : [],
        refreshedAt: now,
        activationUrl: activation.find((a) => a.name === "activation-link-url")?.url ?? undefined,
        activationAppUrl: activation.find((a) => a.name === "activation-link-app")?.url ?? undefined,
        disabledReason: changed && statusAfter === "DISABLED" ? reason : undefined,
        updatedAt: now,
      })
      .where(eq(payAccounts.id, row.id))
      .returning();

    if (changed) {
      await tx.insert(payAccountEvents).values({
        payAccountId: row.id,
        at: now,
        kind: KIND_FOR[statusAfter],
        source,
        statusBefore,
        statusAfter,
        reason: statusAfter === "DISABLED" ? reason : null,
        actorId,
        // Not ours: GoPay told us (the customer acted in the GoPay app, or GoPay itself).
        actorLabel:
          actorLabel ?? (source === "gopay" || source === "customer_app" || source === "phone_change" || opts.notificationId != null ? "GoPay" : null),
        notificationId: opts.notificationId ?? null,
        detail: { gopayStatusCode: remote.statusCode },
      });
    }
    return { account: account!, changed, statusBefore, statusAfter, paymentOptions };
  });
}

async function sourceFromNotification(tx: DbOrTx, id: bigint | null | undefined): Promise<UnbindSource> {
  if (id === null || id === undefined) return "gopay";
  const [n] = await tx.select({ rawBody: notifications.rawBody, source: notifications.source }).from(notifications).where(eq(notifications.id, id)).limit(1);
  if (!n || n.source !== "core_pay_account") return "gopay";
  return unbindSourceFromStatusMessage(statusMessageOf(n.rawBody));
}
