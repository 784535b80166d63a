/**
 * Payment options of a linked GoPay account as Loket keeps and shows them: GoPay's tokens are
 * stripped before anything is stored or rendered; only "a token was present" survives, with the
 * time of the fetch on the account (refreshed_at). Balances are minor units as strings (jsonb
 * cannot hold bigint).
 */
export interface StoredPaymentOption {
  name: string;
  active: boolean;
  /** Minor units (IDR × 100) as a decimal string; null when GoPay sent no balance. */
  balance: string | null;
  tokenPresent: boolean;
}

export interface GopayPaymentOption {
  name: string;
  active: boolean;
  balance?: bigint;
  token?: string;
}

export function stripTokens(options: readonly GopayPaymentOption[]): StoredPaymentOption[] {
  return options.map((o) => ({
    name: o.name,
    active: o.active,
    balance: o.balance === undefined ? null : o.balance.toString(),
    tokenPresent: typeof o.token === "string" && o.token.length > 0,
  }));
}

/** Reads the jsonb column back defensively (older rows or hand-written data). */
export function readStoredOptions(value: unknown): StoredPaymentOption[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v): StoredPaymentOption[] => {
    if (!v || typeof v !== "object") return [];
    const o = v as Record<string, unknown>;
    if (typeof o.name !== "string") return [];
    const balance = typeof o.balance === "string" && /^\d+$/.test(o.balance) ? o.balance : null;
    return [{ name: o.name, active: o.active === true, balance, tokenPresent: o.tokenPresent === true }];
  });
}
