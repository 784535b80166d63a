import { and, eq, isNull } from "drizzle-orm";
import { ROLES, roleLimits, staff, type Role } from "~db/schema";
import { demoTotpSecret } from "~/auth/totp.server";
import { hashPassword } from "~/auth/password.server";
import type { DbOrTx } from "~/db/client.server";
import { sealTotpSecret } from "./second-factor.server";

/** Support may refund up to Rp 1.000.000 alone; finance and admin have no limit; the rest cannot refund. */
export const DEFAULT_REFUND_LIMITS: Record<Role, bigint | null> = {
  admin: null,
  support: 100_000_000n,
  finance: null,
  campaigns: 0n,
  viewer: 0n,
};

const DEMO_NAMES: Record<Role, string> = {
  admin: "Ayu Admin",
  support: "Sari Support",
  finance: "Fajar Finance",
  campaigns: "Citra Campaigns",
  viewer: "Vino Viewer",
};

export const demoEmail = (role: Role) => `${role}@loket.test`;

/**
 * One demo account per role, all with `password`, plus the default role limits. Idempotent:
 * existing accounts and limits are left as they are (an admin may have changed them).
 * With `totpSeed` every demo account has a second factor whose secret derives from the seed
 * (`npm run demo:code -- <role>` prints a code); one never enrolled (or reset by an admin) is
 * enrolled again with it.
 */
export async function ensureDemoStaff(db: DbOrTx, password: string, totpSeed?: string): Promise<Array<{ email: string; role: Role }>> {
  const passwordHash = await hashPassword(password);
  const out: Array<{ email: string; role: Role }> = [];
  for (const role of ROLES) {
    const email = demoEmail(role);
    await db.insert(staff).values({ email, name: DEMO_NAMES[role], role, passwordHash }).onConflictDoNothing();
    if (totpSeed) {
      await db
        .update(staff)
        .set({ totpSecret: sealTotpSecret(demoTotpSecret(totpSeed, email)), totpEnrolledAt: new Date() })
        .where(and(eq(staff.email, email), isNull(staff.totpSecret), isNull(staff.totpPendingSecret)));
    }
    out.push({ email, role });
  }
  await db
    .insert(roleLimits)
    .values(ROLES.map((role) => ({ role, refundLimit: DEFAULT_REFUND_LIMITS[role] })))
    .onConflictDoNothing();
  return out;
}
