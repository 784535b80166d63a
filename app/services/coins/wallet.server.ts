import { eq } from "drizzle-orm";
import { coinSettings } from "~db/schema";
import { db as appDb, type DbOrTx } from "~/db/client.server";
import { isGopayError } from "~/gopay/errors";
import { gopay, type GopayClient } from "~/gopay/index.server";
import { audit, type AuditActor } from "~/services/audit.server";

/**
 * The merchant coin wallet balance. GoPay documents no balance API: the sandbox answers a stand-in
 * (`GET /v1/mini-apps/wallet/balance`, see sandbox/README.md); against real GoPay that call fails and
 * finance types the balance shown in the merchant portal (`setWalletBalance`). Either way the last
 * known balance and when it was learned live on coin_settings.
 */
export interface WalletState {
  balance: bigint | null;
  refreshedAt: Date | null;
}

export async function getWallet(database: DbOrTx = appDb()): Promise<WalletState> {
  const [row] = await database
    .select({ balance: coinSettings.walletBalance, refreshedAt: coinSettings.walletRefreshedAt })
    .from(coinSettings)
    .where(eq(coinSettings.id, 1));
  return { balance: row?.balance ?? null, refreshedAt: row?.refreshedAt ?? null };
}

/** Stores a balance just learned (from GoPay or from finance). The settings row always exists (migration 0014). */
export async function recordWalletBalance(
  database: DbOrTx,
  balance: bigint,
  at: Date = new Date(),
): Promise<void> {
  await database
    .insert(coinSettings)
    .values({ id: 1, walletBalance: balance, walletRefreshedAt: at })
    .onConflictDoUpdate({ target: coinSettings.id, set: { walletBalance: balance, walletRefreshedAt: at } });
}

export type RefreshResult =
  | { kind: "refreshed"; balance: bigint; at: Date }
  /** No balance endpoint (real GoPay): finance enters the balance from the merchant portal. */
  | { kind: "unavailable"; message: string }
  | { kind: "error"; message: string };

/** Asks GoPay (the sandbox's stand-in) for the balance, records and audits it. */
export async function refreshWallet(deps: {
  database?: DbOrTx;
  client?: GopayClient;
  actor: AuditActor;
  ip?: string | null;
  now?: Date;
}): Promise<RefreshResult> {
  const database = deps.database ?? appDb();
  const at = deps.now ?? new Date();
  try {
    const { balance } = await (deps.client ?? gopay()).miniApp.walletBalance();
    await recordWalletBalance(database, balance, at);
    await audit(database, {
      actor: deps.actor,
      action: "coins.wallet.refresh",
      targetType: "coin_wallet",
      targetId: "1",
      amount: balance,
      result: "ok",
      ip: deps.ip,
    });
    return { kind: "refreshed", balance, at };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unavailable =
      isGopayError(err) && (err.kind === "not_found" || err.httpStatus === 404 || err.httpStatus === 405);
    await audit(database, {
      actor: deps.actor,
      action: "coins.wallet.refresh",
      targetType: "coin_wallet",
      targetId: "1",
      result: "failed",
      detail: { message, unavailable },
      ip: deps.ip,
    });
    return unavailable ? { kind: "unavailable", message } : { kind: "error", message };
  }
}

/** Finance types the balance the merchant portal shows (production has no balance API). Audited. */
export async function setWalletBalance(
  database: DbOrTx,
  input: { balance: bigint; actor: AuditActor; ip?: string | null; now?: Date },
): Promise<void> {
  const at = input.now ?? new Date();
  await database.transaction(async (tx) => {
    const before = await getWallet(tx);
    await recordWalletBalance(tx, input.balance, at);
    await audit(tx, {
      actor: input.actor,
      action: "coins.wallet.set",
      targetType: "coin_wallet",
      targetId: "1",
      amount: input.balance,
      result: "ok",
      detail: { before: before.balance, source: "entered" },
      ip: input.ip,
    });
  });
}

/** /coins refreshes a balance older than this when it loads. */
export const WALLET_MAX_AGE_MS = 5 * 60_000;
/** …and waits at most this long for GoPay: the page never hangs on the balance. */
export const WALLET_PAGE_TIMEOUT_MS = 2_000;

export interface PageWallet extends WalletState {
  /**
   * Why the balance shown is not fresh: GoPay did not answer in time (`timeout`), has no balance
   * endpoint (`unavailable`: finance enters it), or answered with an error (`error`). Null: fresh.
   */
  note: null | { kind: "timeout" | "unavailable" | "error"; message: string };
}

/**
 * The balance for the /coins page: the stored one while younger than `maxAgeMs`, otherwise asked of
 * GoPay (the sandbox's stand-in) and recorded, waiting at most `timeoutMs`. On a timeout or a
 * failure the last known balance is shown with its "refreshed at" and a note; a late answer is
 * still recorded (for the next load). Only a balance learned is audited (as the Refresh button's
 * `coins.wallet.refresh`, source "page"); a failed read changes nothing and is not.
 */
export async function pageWallet(deps: {
  database?: DbOrTx;
  client?: GopayClient;
  actor: AuditActor;
  ip?: string | null;
  now?: Date;
  maxAgeMs?: number;
  timeoutMs?: number;
}): Promise<PageWallet> {
  const database = deps.database ?? appDb();
  const now = deps.now ?? new Date();
  const known = await getWallet(database);
  const age = known.refreshedAt ? now.getTime() - known.refreshedAt.getTime() : Infinity;
  if (known.balance !== null && age < (deps.maxAgeMs ?? WALLET_MAX_AGE_MS)) return { ...known, note: null };

  const learn = (async () => {
    const { balance } = await (deps.client ?? gopay()).miniApp.walletBalance();
    const at = new Date();
    await recordWalletBalance(database, balance, at);
    await audit(database, {
      actor: deps.actor,
      action: "coins.wallet.refresh",
      targetType: "coin_wallet",
      targetId: "1",
      amount: balance,
      result: "ok",
      detail: { source: "page" },
      ip: deps.ip,
    });
    return { balance, refreshedAt: at };
  })();
  // A late answer (or a late failure) after the page gave up must not surface as an unhandled rejection.
  learn.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeoutMs = deps.timeoutMs ?? WALLET_PAGE_TIMEOUT_MS;
  const gaveUp = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const r = await Promise.race([learn, gaveUp]);
    if (r === "timeout")
      return { ...known, note: { kind: "timeout", message: `GoPay did not answer within ${timeoutMs} ms` } };
    return { ...r, note: null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const unavailable =
      isGopayError(err) && (err.kind === "not_found" || err.httpStatus === 404 || err.httpStatus === 405);
    return { ...known, note: { kind: unavailable ? "unavailable" : "error", message } };
  } finally {
    clearTimeout(timer);
  }
}
