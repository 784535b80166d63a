import { and, eq, gt } from "drizzle-orm";
import { sessions, staff } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import type { Words } from "~/lib/words";
import { audit } from "~/services/audit.server";
import { checkSecondFactor } from "~/services/staff/second-factor.server";
import { verifyPassword } from "./password.server";
import type { CurrentStaff } from "./session.server";
import { recordSuccess, reserveAttempt, secondFactorKey, signInKeys, throttleWords } from "./throttle.server";

/**
 * Re-authentication: before a sensitive action (own password or second factor, admin actions on
 * staff) the signed-in member types their password and a current code again. Success stamps
 * the session; the stamp counts for REAUTH_VALID_MS. One mechanism: the /reauth action sets it,
 * actions call `isReauthenticated` and answer "confirm it's you first" (field `reauth`) when stale.
 */
export const REAUTH_VALID_MS = 5 * 60 * 1000;

export async function reauthenticatedUntil(db: DbOrTx, sessionId: string, now = new Date()): Promise<Date | null> {
  const [row] = await db.select({ at: sessions.reauthenticatedAt }).from(sessions).where(eq(sessions.id, sessionId)).limit(1);
  if (!row?.at) return null;
  const until = new Date(row.at.getTime() + REAUTH_VALID_MS);
  return until > now ? until : null;
}

export async function isReauthenticated(db: DbOrTx, sessionId: string, now = new Date()): Promise<boolean> {
  return (await reauthenticatedUntil(db, sessionId, now)) !== null;
}

/** The refusal an action gives when the stamp is missing or stale (ActionData errors). */
export const REAUTH_REQUIRED: Words = { key: "security:reauth.required" };

export type ReauthResult = { ok: true; until: Date } | { ok: false; throttled: boolean; words: Words };

/**
 * Checks password and (when enrolled) a current code. Counted by the sign-in throttle like a
 * sign-in (the same keys plus the second-factor key), audited either way.
 */
export async function reauthenticate(
  db: DbOrTx,
  current: Pick<CurrentStaff, "id" | "email" | "sessionId">,
  input: { password: string; code?: string; ip: string; now?: Date },
): Promise<ReauthResult> {
  const now = input.now ?? new Date();
  const keys = [...signInKeys(current.email, input.ip), secondFactorKey(current.id)];
  const gate = await reserveAttempt(db, keys, now);
  const actor = { id: current.id, email: current.email };
  if (!gate.allowed) {
    await audit(db, { actor, action: "auth.reauth_failed", targetType: "staff", targetId: current.id, result: "denied", detail: { reason: "throttled" }, ip: input.ip });
    return { ok: false, throttled: true, words: throttleWords(gate.retryAfterMs) };
  }
  const [row] = await db.select({ hash: staff.passwordHash, enrolledAt: staff.totpEnrolledAt }).from(staff).where(eq(staff.id, current.id)).limit(1);
  const passwordOk = !!row && (await verifyPassword(row.hash, input.password));
  let reason: string | null = passwordOk ? null : "wrong_password";
  if (!reason && row?.enrolledAt) {
    const check = await checkSecondFactor(db, current.id, input.code ?? "", now);
    if (!check.ok) reason = `code_${check.reason}`;
  }
  if (reason) {
    await audit(db, { actor, action: "auth.reauth_failed", targetType: "staff", targetId: current.id, result: "denied", detail: { reason }, ip: input.ip });
    if (reason.startsWith("code_")) {
      await audit(db, { actor, action: "auth.second_factor_failed", targetType: "staff", targetId: current.id, result: "denied", detail: { stage: "reauth", reason }, ip: input.ip });
    }
    return { ok: false, throttled: false, words: { key: "security:reauth.wrong" } };
  }
  await recordSuccess(db, keys);
  await db
    .update(sessions)
    .set({ reauthenticatedAt: now })
    .where(and(eq(sessions.id, current.sessionId), gt(sessions.expiresAt, now)));
  await audit(db, { actor, action: "auth.reauthenticated", targetType: "staff", targetId: current.id, result: "ok", ip: input.ip });
  return { ok: true, until: new Date(now.getTime() + REAUTH_VALID_MS) };
}
