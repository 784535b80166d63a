import { randomUUID } from "node:crypto";
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { coinPayouts, customers } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isGopayError } from "~/gopay/errors";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { decryptSecret } from "~/lib/crypto.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { recordWalletBalance } from "./wallet.server";

export type CoinPayoutRow = typeof coinPayouts.$inferSelect;

export interface PayDeps {
  database?: DbOrTx;
  client?: GopayClient;
  /** Who the audit rows name: the staff member who paid or approved, or the batch job. */
  actor?: AuditActor;
  now?: () => Date;
  /**
   * A row left in `paying` longer than this (its worker died mid-call) may be claimed again: the call
   * is repeated with the SAME Request-Id, so GoPay replays it and nothing is paid twice.
   */
  staleAfterMs?: number;
}

export type PayResult =
  | { kind: "paid"; payout: CoinPayoutRow; paymentId: string }
  /** Non-retriable refusal (e.g. 4060 suspected fraud, no mini-app token): this row only. */
  | { kind: "failed"; payout: CoinPayoutRow; code: string; message: string }
  /** No definite answer (timeout, 5xx, dropped): settle by retrying the same Request-Id. Never "failed". */
  | { kind: "unknown"; payout: CoinPayoutRow; message: string }
  /** GoPay's 40005: the merchant coin wallet is short. Row back to queued; `needed` = what to top up for it. */
  | { kind: "insufficient"; payout: CoinPayoutRow; needed: bigint; balance: bigint | null }
  /** Not claimable now (already paid or failed, being paid by another worker, awaiting approval…). */
  | { kind: "skipped"; status: CoinPayoutRow["status"] | "missing" };

export const DEFAULT_STALE_AFTER_MS = 2 * 60 * 1000;
export const COINS_JOB_ACTOR: AuditActor = { email: "job:coins-pay" };
const INSUFFICIENT = "40005";

/**
 * Pays one coin payout through GoPay's mini-app cashback with the row's own Request-Id.
 * 1. Claims the row (queued | unknown | stale paying → paying) with a conditional UPDATE, so two
 *    workers never call at once for it; the claim commits before the call.
 * 2. Calls cashback with the customer's decrypted token and the row's request_id (created with the
 *    row, never changed): a retry after an unknown outcome is replayed by GoPay, never paid twice.
 * 3. Records the outcome on the row (only if it is still this claim's) and audits it.
 */
export async function payPayout(deps: PayDeps, payoutId: string): Promise<PayResult> {
  const database = deps.database ?? appDb();
  const now = deps.now ?? (() => new Date());
  const actor = deps.actor ?? COINS_JOB_ACTOR;
  const staleBefore = new Date(now().getTime() - (deps.staleAfterMs ?? DEFAULT_STALE_AFTER_MS));

  const [claimed] = await database
    .update(coinPayouts)
    .set({ status: "paying", attempts: sql`${coinPayouts.attempts} + 1`, updatedAt: now() })
    .where(
      and(
        eq(coinPayouts.id, payoutId),
        or(
          inArray(coinPayouts.status, ["queued", "unknown"]),
          and(eq(coinPayouts.status, "paying"), lt(coinPayouts.updatedAt, staleBefore)),
        ),
      ),
    )
    .returning();
  if (!claimed) {
    const [row] = await database
      .select({ status: coinPayouts.status })
      .from(coinPayouts)
      .where(eq(coinPayouts.id, payoutId));
    return { kind: "skipped", status: row?.status ?? "missing" };
  }

  const [customer] = await database
    .select({ authTokenEnc: customers.authTokenEnc })
    .from(customers)
    .where(eq(customers.id, claimed.customerId));
  let authToken: string | null = null;
  try {
    authToken = customer?.authTokenEnc ? decryptSecret(customer.authTokenEnc) : null;
  } catch {
    authToken = null;
  }
  if (!authToken) {
    return settleFailed(
      database,
      claimed,
      actor,
      now(),
      "no_token",
      "The customer has no usable GoPay mini-app token (they must open the mini app again).",
    );
  }

  const client = deps.client ?? gopay();
  try {
    const { paymentId } = await client.miniApp.cashback({
      authToken,
      requestId: claimed.requestId,
      amount: claimed.amount,
      description: claimed.description,
      rewardType: "GOPAY_COINS",
    });
    const at = now();
    // Paid is GoPay's word: it wins over whatever a stale claim wrote meanwhile (never over itself).
    const [row] = await database
      .update(coinPayouts)
      .set({
        status: "paid",
        gopayPaymentId: paymentId,
        paidAt: at,
        errorCode: null,
        errorMessage: null,
        updatedAt: at,
      })
      .where(
        and(eq(coinPayouts.id, claimed.id), inArray(coinPayouts.status, ["paying", "unknown", "queued"])),
      )
      .returning();
    await audit(
      database,
      outcomeAudit(actor, claimed, "coins.payout.paid", "ok", { paymentId, attempts: claimed.attempts }),
    );
    return {
      kind: "paid",
      payout: row ?? { ...claimed, status: "paid", gopayPaymentId: paymentId, paidAt: at },
      paymentId,
    };
  } catch (err) {
    if (isGopayError(err) && err.responseCode === INSUFFICIENT && !err.outcomeUnknown) {
      let balance: bigint | null = null;
      try {
        balance = (await client.miniApp.walletBalance()).balance;
        await recordWalletBalance(database, balance, now());
      } catch {
        balance = null; // no balance API (real GoPay): the row's amount is what is missing at least
      }
      const needed = balance !== null && balance < claimed.amount ? claimed.amount - balance : claimed.amount;
      const row = await settle(
        database,
        claimed,
        { status: "queued", errorCode: INSUFFICIENT, errorMessage: err.message },
        now(),
      );
      await audit(
        database,
        outcomeAudit(actor, claimed, "coins.payout.insufficient", "failed", {
          needed,
          balance,
          message: err.message,
        }),
      );
      return { kind: "insufficient", payout: row, needed, balance };
    }
    if (isGopayError(err) && !err.outcomeUnknown && !err.retryable && err.httpStatus !== undefined) {
      const code = err.responseCode ?? String(err.httpStatus);
      return settleFailed(database, claimed, actor, now(), code, err.message);
    }
    // Timeout, 5xx, dropped answer, or anything we cannot read: GoPay may have paid. Unknown, not failed.
    const message = err instanceof Error ? err.message : String(err);
    const code = isGopayError(err) ? (err.responseCode ?? err.kind) : "error";
    const row = await settle(
      database,
      claimed,
      { status: "unknown", errorCode: code, errorMessage: message },
      now(),
    );
    await audit(
      database,
      outcomeAudit(actor, claimed, "coins.payout.unknown", "unknown", {
        code,
        message,
        attempts: claimed.attempts,
      }),
    );
    return { kind: "unknown", payout: row, message };
  }
}

/** Writes the outcome only while the row is still this claim's (a stale reclaim may have moved on). */
async function settle(
  database: DbOrTx,
  claimed: CoinPayoutRow,
  set: Pick<CoinPayoutRow, "status" | "errorCode" | "errorMessage">,
  at: Date,
): Promise<CoinPayoutRow> {
  const [row] = await database
    .update(coinPayouts)
    .set({ ...set, updatedAt: at })
    .where(
      and(
        eq(coinPayouts.id, claimed.id),
        eq(coinPayouts.status, "paying"),
        eq(coinPayouts.attempts, claimed.attempts),
      ),
    )
    .returning();
  return row ?? { ...claimed, ...set };
}

async function settleFailed(
  database: DbOrTx,
  claimed: CoinPayoutRow,
  actor: AuditActor,
  at: Date,
  code: string,
  message: string,
): Promise<PayResult> {
  const row = await settle(
    database,
    claimed,
    { status: "failed", errorCode: code, errorMessage: message },
    at,
  );
  await audit(database, outcomeAudit(actor, claimed, "coins.payout.failed", "failed", { code, message }));
  return { kind: "failed", payout: row, code, message };
}

function outcomeAudit(
  actor: AuditActor,
  p: CoinPayoutRow,
  action: "coins.payout.paid" | "coins.payout.failed" | "coins.payout.unknown" | "coins.payout.insufficient",
  result: "ok" | "failed" | "unknown",
  detail: Record<string, unknown>,
) {
  return {
    actor,
    action,
    targetType: "coin_payout",
    targetId: p.id,
    amount: p.amount,
    idempotencyKey: p.requestId,
    result,
    detail: { customerId: p.customerId, batchId: p.batchId, line: p.line, ...detail },
  } as const;
}

/** A payout's GoPay Request-Id: made when the row is saved, never changed (≤ 128 characters at GoPay). */
export function mintCoinRequestId(): string {
  return `coin-${randomUUID()}`;
}
