import { eq } from "drizzle-orm";
import { payAccounts } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import type { PayAccountRow } from "./sync.server";

/** A charge on this account must not be attempted; `message` is the sentence to show or return. */
export class AccountNotChargeableError extends Error {
  constructor(
    message: string,
    readonly accountId: string,
    readonly status: string | null,
  ) {
    super(message);
    this.name = "AccountNotChargeableError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses a charge on a pay account that is not ENABLED, with a sentence a caller can show as is.
 * `account` is GoPay's account_id (or Loket's pay_accounts.id). Uses the status Loket last
 * confirmed with GoPay; the charge itself is still refused by GoPay if that changed since.
 * Pass the transaction that claims the charge so the check and the claim see the same row.
 */
export async function assertAccountChargeable(tx: DbOrTx, account: string): Promise<PayAccountRow> {
  const [row] = await tx
    .select()
    .from(payAccounts)
    .where(eq(payAccounts.accountId, account))
    .limit(1);
  const found = row ?? (UUID.test(account) ? (await tx.select().from(payAccounts).where(eq(payAccounts.id, account)).limit(1))[0] : undefined);
  if (!found) throw new AccountNotChargeableError(`GoPay account ${account} is not linked in Loket; link it before charging.`, account, null);
  switch (found.status) {
    case "ENABLED":
      return found;
    case "DISABLED":
      throw new AccountNotChargeableError(
        `GoPay account ${found.accountId} was unbound${found.disabledReason ? ` (${found.disabledReason})` : ""}; the customer must link GoPay again before it can be charged.`,
        found.accountId,
        found.status,
      );
    case "PENDING":
      throw new AccountNotChargeableError(`GoPay account ${found.accountId} is still waiting for the customer to finish linking; it cannot be charged yet.`, found.accountId, found.status);
    case "EXPIRED":
      throw new AccountNotChargeableError(`The linking of GoPay account ${found.accountId} expired before the customer finished it; start linking again.`, found.accountId, found.status);
  }
}
