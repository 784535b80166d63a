import { eq } from "drizzle-orm";
import { staff, type Role } from "~db/schema";
import { dummyPasswordHash, verifyPassword } from "~/auth/password.server";
import { createSession, revokeSession } from "~/auth/session.server";
import { recordSuccess, reserveAttempt, signInKeys, throttleMessage, throttleWait, throttleWords } from "~/auth/throttle.server";
import type { DbOrTx } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { secondFactorRequired } from "./second-factor.server";
import { createPendingSignIn } from "./second-factor-sign-in.server";
import type { Words } from "~/lib/words";

/** One message for unknown email, wrong password and deactivated account: no user enumeration. */
export const BAD_CREDENTIALS = "That email and password do not match an active account.";

export type SignInResult =
  /** next "session": signed in (cookie = session); "code" / "enrol": the second factor is owed (cookie = pending sign-in). */
  | { ok: true; next: "session" | "code" | "enrol"; cookie: string; staff: { id: string; email: string; role: Role } }
  | { ok: false; message: string; throttled: boolean; /** the message as a translation key */ words: Words };

export async function signIn(
  db: DbOrTx,
  input: { email: string; password: string; ip: string; userAgent?: string; /** tests: the throttle's clock */ now?: Date },
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  // The attempt is reserved (counted) before the password is looked at: parallel guesses each
  // take a slot, and the one after the limit is refused whatever its password.
  const keys = signInKeys(email, input.ip);
  const throttle = await reserveAttempt(db, keys, input.now);
  if (!throttle.allowed) {
    // Not counted: a refused guesser does not extend their own block (nor the owner's delay).
    const wait = throttleWait(throttle.retryAfterMs);
    await audit(db, {
      actor: { id: null, email },
      action: "auth.sign_in_throttled",
      targetType: "staff",
      targetId: email,
      result: "denied",
      detail: { retryAfterSeconds: Math.ceil(throttle.retryAfterMs / 1000), retryAfter: `${wait.count} ${wait.unit}` },
      ip: input.ip,
    });
    return { ok: false, message: throttleMessage(throttle.retryAfterMs), throttled: true, words: throttleWords(throttle.retryAfterMs) };
  }

  const [row] = await db.select().from(staff).where(eq(staff.email, email)).limit(1);
  // Verify against a dummy hash for unknown emails so timing does not tell them apart.
  const passwordOk = await verifyPassword(row?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!row || !passwordOk || !row.active) {
    await audit(db, {
      actor: { id: null, email },
      action: "auth.sign_in_failed",
      targetType: "staff",
      targetId: row?.id ?? email,
      result: "denied",
      detail: { reason: !row ? "unknown_email" : !passwordOk ? "wrong_password" : "inactive" },
      ip: input.ip,
    });
    return { ok: false, message: BAD_CREDENTIALS, throttled: false, words: { key: "auth:errors.badCredentials" } };
  }

  // The second factor: an enrolled member (or one whose role needs it) gets a pending sign-in, not
  // a session. The attempt stays counted until the code is right (a known password cannot be used
  // to reset the counter between code guesses).
  const next = row.totpEnrolledAt ? "code" : secondFactorRequired(row.role) ? "enrol" : null;
  if (next) {
    const pending = await createPendingSignIn(db, row.id, next === "code" ? "second_factor" : "enrol", { ip: input.ip, userAgent: input.userAgent });
    await audit(db, { actor: { id: row.id, email: row.email }, action: "auth.second_factor_required", targetType: "staff", targetId: row.id, result: "ok", detail: { next }, ip: input.ip });
    return { ok: true, next, cookie: pending.cookie, staff: { id: row.id, email: row.email, role: row.role } };
  }

  await recordSuccess(db, keys);
  const session = await createSession(row.id, { ip: input.ip, userAgent: input.userAgent }, db);
  await audit(db, {
    actor: { id: row.id, email: row.email },
    action: "auth.sign_in",
    targetType: "staff",
    targetId: row.id,
    result: "ok",
    ip: input.ip,
  });
  return { ok: true, next: "session", cookie: session.cookie, staff: { id: row.id, email: row.email, role: row.role } };
}

export async function signOut(db: DbOrTx, current: { id: string; email: string; sessionId: string }, ip?: string): Promise<void> {
  await revokeSession(current.sessionId, db);
  await audit(db, {
    actor: { id: current.id, email: current.email },
    action: "auth.sign_out",
    targetType: "staff",
    targetId: current.id,
    result: "ok",
    ip,
  });
}
