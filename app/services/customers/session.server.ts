import { eq } from "drizzle-orm";
import { customers } from "~db/schema";
import { db as appDb, type Db } from "~/db/client.server";
import { gopay, isGopayError, type GopayClient } from "~/gopay/index.server";
import { encryptSecret } from "~/lib/crypto.server";
import { newIdempotencyKey } from "~/lib/ids.server";
import { normalisePhone } from "~/lib/phone";
import { upsertCustomer, type CustomerRow } from "./customers.server";
import { foldName } from "./fold";

export class CustomerSessionError extends Error {
  constructor(
    message: string,
    readonly field: "auth_code" | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "CustomerSessionError";
  }
}

/**
 * Mini-app sign-in: exchanges the auth code for the user's token (GoPay mini-app
 * /authorizations/token), fetches the profile with it, and upserts the customer. The token is
 * stored only encrypted (AES-256-GCM) and never returned. An auth code is single-use, so nothing
 * is written unless both calls succeed.
 */
export async function startCustomerSession(
  input: { authCode: string; merchantUserId: string },
  opts: { client?: GopayClient; database?: Db } = {},
): Promise<CustomerRow> {
  const client = opts.client ?? gopay();
  const database = opts.database ?? appDb();
  let token: { authToken: string; gopayAccountId: string | undefined };
  try {
    token = await client.miniApp.authToken({ authCode: input.authCode });
  } catch (err) {
    if (isGopayError(err) && !err.retryable && !err.outcomeUnknown) {
      throw new CustomerSessionError("GoPay does not accept this auth code: it is unknown, already used or older than 6 minutes. Ask the mini app for a new one.", "auth_code", false);
    }
    throw new CustomerSessionError("GoPay did not answer the sign-in; try again with a new auth code.", null, true);
  }
  let profile: { phoneNumber?: string; email?: string; name?: string };
  try {
    profile = await client.miniApp.profile({ authToken: token.authToken, requestId: newIdempotencyKey() });
  } catch {
    throw new CustomerSessionError("GoPay did not return the customer's profile; try again with a new auth code.", null, true);
  }
  const phone = profile.phoneNumber ? (normalisePhone(profile.phoneNumber) ?? null) : null;
  return database.transaction(async (tx) => {
    const base = await upsertCustomer(tx, { merchantUserId: input.merchantUserId, name: profile.name ?? null, phone, email: profile.email ?? null });
    const [row] = await tx
      .update(customers)
      .set({
        authTokenEnc: encryptSecret(token.authToken),
        gopayAccountId: token.gopayAccountId ?? base.gopayAccountId,
        profile: { phone_number: profile.phoneNumber ?? null, email: profile.email ?? null, name: profile.name ?? null },
        profileFetchedAt: new Date(),
        // The profile is GoPay's word: it replaces what the merchant sent earlier.
        phone: phone ?? base.phone,
        email: profile.email ?? base.email,
        name: profile.name ?? base.name,
        searchName: foldName(profile.name ?? base.name),
        updatedAt: new Date(),
      })
      .where(eq(customers.id, base.id))
      .returning();
    return row!;
  });
}
