import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { pendingSignIns, staff, staffRecoveryCodes, ROLES, type Role } from "~db/schema";
import { generateTotpSecret, totpUri, verifyTotp } from "~/auth/totp.server";
import { revokeAllSessions } from "~/auth/session.server";
import type { DbOrTx } from "~/db/client.server";
import { env } from "~/env.server";
import { decryptSecret, encryptSecret } from "~/lib/crypto.server";
import { audit } from "~/services/audit.server";
import { StaffRuleError } from "./errors";

/**
 * The TOTP second factor of a staff member: enrolment (a pending secret confirmed by a typed
 * code), verification (a code is usable once: the accepted step is stored and only a later step
 * passes), ten single-use recovery codes (sha256 only) and an admin's reset.
 */
export const RECOVERY_CODE_COUNT = 10;

export interface Actor {
  id: string;
  email: string;
  ip?: string;
}

/** The roles LOKET_2FA_ROLES names (default finance, admin). */
export function secondFactorRoles(): Role[] {
  const names = env()
    .LOKET_2FA_ROLES.split(",")
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  return ROLES.filter((r) => names.includes(r));
}

export const secondFactorRequired = (role: Role) => secondFactorRoles().includes(role);

function sealKey(): string {
  const e = env();
  const key = e.DATA_ENCRYPTION_KEY ?? e.SESSION_SECRET;
  if (!key) throw new Error("DATA_ENCRYPTION_KEY is not set: cannot store second-factor secrets");
  return key;
}
export const sealTotpSecret = (secret: string) => encryptSecret(secret, sealKey());
const openTotpSecret = (sealed: string) => decryptSecret(sealed, sealKey());

const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
export const hashRecoveryCode = (code: string) => createHash("sha256").update(normaliseRecovery(code)).digest("hex");

/** "k3f9x-2mq7p": 50 random bits each, read aloud without ambiguity (no 0/1/8/9 vs o/l/b/g confusion). */
function newRecoveryCode(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz234567";
  const bytes = randomBytes(10);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export async function secondFactorStatus(db: DbOrTx, staffId: string) {
  const [row] = await db
    .select({ enrolledAt: staff.totpEnrolledAt, role: staff.role })
    .from(staff)
    .where(eq(staff.id, staffId))
    .limit(1);
  if (!row) return null;
  const [left] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(staffRecoveryCodes)
    .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)));
  return { enrolled: !!row.enrolledAt, enrolledAt: row.enrolledAt, required: secondFactorRequired(row.role), recoveryCodesLeft: Number(left?.n ?? 0) };
}

/**
 * The secret being enrolled, with its otpauth:// URI. The same pending secret is shown again on
 * reload (the QR code must not change under someone scanning it); a new one is made only when none waits.
 */
export async function startEnrolment(db: DbOrTx, staffId: string): Promise<{ secret: string; uri: string }> {
  const [row] = await db.select({ email: staff.email, pending: staff.totpPendingSecret }).from(staff).where(eq(staff.id, staffId)).limit(1);
  if (!row) throw new StaffRuleError("That staff member no longer exists.", undefined, { key: "settings:staff.errors.gone" });
  let secret: string | undefined;
  if (row.pending) {
    try {
      secret = openTotpSecret(row.pending);
    } catch {
      secret = undefined; // sealed under an older key: start over
    }
  }
  if (!secret) {
    secret = generateTotpSecret();
    await db.update(staff).set({ totpPendingSecret: sealTotpSecret(secret) }).where(eq(staff.id, staffId));
  }
  return { secret, uri: totpUri(secret, row.email) };
}

/** Replaces the staff member's recovery codes with ten new ones; returns them (shown once). */
async function newRecoveryCodes(db: DbOrTx, staffId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  await db.insert(staffRecoveryCodes).values(codes.map((c) => ({ staffId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/**
 * Confirms enrolment with a code from the pending secret. The code's step is stored as used, so
 * the same code cannot then sign in. Returns the ten recovery codes, or null for a wrong code.
 */
export async function confirmEnrolment(db: DbOrTx, actor: Actor, code: string, now = new Date()): Promise<string[] | null> {
  const [row] = await db.select({ pending: staff.totpPendingSecret }).from(staff).where(eq(staff.id, actor.id)).limit(1);
  if (!row?.pending) return null;
  const ok = verifyTotp(openTotpSecret(row.pending), code, now.getTime());
  if (!ok) {
    await audit(db, { actor, action: "auth.second_factor_failed", targetType: "staff", targetId: actor.id, result: "denied", detail: { stage: "enrol" }, ip: actor.ip });
    return null;
  }
  const updated = await db
    .update(staff)
    .set({ totpSecret: row.pending, totpPendingSecret: null, totpEnrolledAt: now, totpLastStep: ok.step, updatedAt: now })
    .where(and(eq(staff.id, actor.id), eq(staff.totpPendingSecret, row.pending)))
    .returning({ id: staff.id });
  if (updated.length === 0) return null; // enrolled (or reset) in another tab meanwhile
  const codes = await newRecoveryCodes(db, actor.id);
  await audit(db, { actor, action: "auth.second_factor_enrolled", targetType: "staff", targetId: actor.id, result: "ok", ip: actor.ip });
  return codes;
}

export type SecondFactorCheck = { ok: true; via: "totp" | "recovery_code" } | { ok: false; reason: "wrong" | "replay" | "not_enrolled" };

/**
 * Checks a six-digit code or a recovery code. A TOTP step is taken with one conditional UPDATE
 * (only a step after the last accepted one), so the same code — even sent twice at once — passes
 * once. A recovery code is spent the same way (used_at set only where it is still null).
 */
export async function checkSecondFactor(db: DbOrTx, staffId: string, code: string, now = new Date()): Promise<SecondFactorCheck> {
  const [row] = await db.select({ secret: staff.totpSecret }).from(staff).where(eq(staff.id, staffId)).limit(1);
  if (!row?.secret) return { ok: false, reason: "not_enrolled" };
  const typed = code.trim();
  if (/^\d{6}$/.test(typed.replace(/\s+/g, ""))) {
    const ok = verifyTotp(openTotpSecret(row.secret), typed, now.getTime());
    if (!ok) return { ok: false, reason: "wrong" };
    const taken = await db
      .update(staff)
      .set({ totpLastStep: ok.step })
      .where(and(eq(staff.id, staffId), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, ok.step))))
      .returning({ id: staff.id });
    return taken.length > 0 ? { ok: true, via: "totp" } : { ok: false, reason: "replay" };
  }
  if (normaliseRecovery(typed).length !== 10) return { ok: false, reason: "wrong" };
  const spent = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(staffRecoveryCodes.staffId, staffId), eq(staffRecoveryCodes.codeHash, hashRecoveryCode(typed)), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id });
  return spent.length > 0 ? { ok: true, via: "recovery_code" } : { ok: false, reason: "wrong" };
}

export async function regenerateRecoveryCodes(db: DbOrTx, actor: Actor): Promise<string[]> {
  const [row] = await db.select({ enrolledAt: staff.totpEnrolledAt }).from(staff).where(eq(staff.id, actor.id)).limit(1);
  if (!row?.enrolledAt) throw new StaffRuleError("Set up the second factor first.", undefined, { key: "security:errors.notEnrolled" });
  const codes = await newRecoveryCodes(db, actor.id);
  await audit(db, { actor, action: "auth.recovery_codes_regenerated", targetType: "staff", targetId: actor.id, result: "ok", ip: actor.ip });
  return codes;
}

/**
 * An admin clears a staff member's second factor (lost phone): secret and recovery codes go,
 * every session and half-finished sign-in of theirs ends. Their next sign-in enrols again
 * (required roles) or goes in with the password alone (the others).
 */
export async function resetSecondFactor(db: DbOrTx, actor: Actor, staffId: string): Promise<{ email: string }> {
  const [row] = await db
    .update(staff)
    .set({ totpSecret: null, totpPendingSecret: null, totpEnrolledAt: null, updatedAt: new Date() })
    .where(eq(staff.id, staffId))
    .returning({ email: staff.email });
  if (!row) throw new StaffRuleError("That staff member no longer exists.", "staffId", { key: "settings:staff.errors.gone" });
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  await db.update(pendingSignIns).set({ usedAt: new Date() }).where(and(eq(pendingSignIns.staffId, staffId), isNull(pendingSignIns.usedAt)));
  await revokeAllSessions(staffId, db);
  await audit(db, { actor, action: "staff.reset_second_factor", targetType: "staff", targetId: staffId, result: "ok", detail: { email: row.email, sessionsEnded: true }, ip: actor.ip });
  return row;
}

/** Enrols a staff member with a known secret (demo staff, tests): no pending step, no recovery codes. */
export async function enrolWithSecret(db: DbOrTx, staffId: string, secret: string): Promise<void> {
  await db.update(staff).set({ totpSecret: sealTotpSecret(secret), totpPendingSecret: null, totpEnrolledAt: new Date() }).where(eq(staff.id, staffId));
}
