import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { pendingSignIns, staff, type PendingSignInKind, type Role } from "~db/schema";
import { createSession } from "~/auth/session.server";
import { recordSuccess, reserveAttempt, secondFactorKey, signInKeys, throttleMessage, throttleWords } from "~/auth/throttle.server";
import type { DbOrTx } from "~/db/client.server";
import { env } from "~/env.server";
import { randomToken } from "~/lib/ids.server";
import type { Words } from "~/lib/words";
import { audit } from "~/services/audit.server";
import { checkSecondFactor, confirmEnrolment } from "./second-factor.server";

/**
 * The second half of a sign-in. After a right password a staff member with a second factor (or
 * one whose role needs it) gets a pending sign-in, not a session: a cookie for a row that can
 * only finish this sign-in (a code) or enrol (restricted kind "enrol"). Five minutes, used once.
 */
export const PENDING_TTL_MS = 5 * 60 * 1000;
const COOKIE = "loket_pending";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function secure(): boolean {
  const e = env();
  return e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production";
}
/** `__Host-` wherever Secure applies: the cookie cannot be set by a sibling subdomain nor widened. */
export const pendingCookieName = () => (secure() ? `__Host-${COOKIE}` : COOKIE);

export function pendingCookie(token: string, maxAgeSeconds: number): string {
  const parts = [`${pendingCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (secure()) parts.push("Secure");
  return parts.join("; ");
}
export const clearPendingCookie = () => pendingCookie("", 0);

function readToken(request: Request): string | undefined {
  const name = pendingCookieName();
  for (const part of (request.headers.get("Cookie") ?? "").split(/;\s*/)) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i) === name) return part.slice(i + 1) || undefined;
  }
  return undefined;
}

export async function createPendingSignIn(
  db: DbOrTx,
  staffId: string,
  kind: PendingSignInKind,
  meta: { ip?: string; userAgent?: string },
): Promise<{ cookie: string }> {
  const token = randomToken();
  await db.insert(pendingSignIns).values({
    id: hashToken(token),
    staffId,
    kind,
    expiresAt: new Date(Date.now() + PENDING_TTL_MS),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300),
  });
  return { cookie: pendingCookie(token, PENDING_TTL_MS / 1000) };
}

export interface PendingSignIn {
  id: string;
  kind: PendingSignInKind;
  staffId: string;
  email: string;
  role: Role;
}

/** The pending sign-in this browser holds, if it is unused, unexpired and its staff still active. */
export async function readPendingSignIn(db: DbOrTx, request: Request, now = new Date()): Promise<PendingSignIn | null> {
  const token = readToken(request);
  if (!token) return null;
  const [row] = await db
    .select({ id: pendingSignIns.id, kind: pendingSignIns.kind, staffId: staff.id, email: staff.email, role: staff.role })
    .from(pendingSignIns)
    .innerJoin(staff, eq(staff.id, pendingSignIns.staffId))
    .where(and(eq(pendingSignIns.id, hashToken(token)), isNull(pendingSignIns.usedAt), gt(pendingSignIns.expiresAt, now), eq(staff.active, true)))
    .limit(1);
  return row ?? null;
}

/** Spends the pending sign-in (once: two tabs finishing together get one session). */
async function spend(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db.update(pendingSignIns).set({ usedAt: new Date() }).where(and(eq(pendingSignIns.id, id), isNull(pendingSignIns.usedAt))).returning({ id: pendingSignIns.id });
  return rows.length > 0;
}

export type FinishResult =
  | { ok: true; cookie: string }
  | { ok: false; throttled: boolean; message: string; words: Words; /** the pending sign-in is gone: start again */ restart?: boolean };

const WRONG_CODE: Words = { key: "security:errors.wrong" };
const WRONG_CODE_EN = "That code is not right, or it was already used. Wait for the next code and try again.";

/**
 * The code step: the attempt is reserved on the sign-in keys and the staff member's second-factor
 * key before the code is looked at (a wrong code counts like a wrong password), audited when wrong.
 */
export async function finishSignIn(
  db: DbOrTx,
  pending: PendingSignIn,
  input: { code: string; ip: string; userAgent?: string; now?: Date },
): Promise<FinishResult> {
  const keys = [...signInKeys(pending.email, input.ip), secondFactorKey(pending.staffId)];
  const gate = await reserveAttempt(db, keys, input.now);
  const actor = { id: pending.staffId, email: pending.email };
  if (!gate.allowed) {
    await audit(db, { actor, action: "auth.sign_in_throttled", targetType: "staff", targetId: pending.staffId, result: "denied", detail: { stage: "second_factor", retryAfterSeconds: Math.ceil(gate.retryAfterMs / 1000) }, ip: input.ip });
    return { ok: false, throttled: true, message: throttleMessage(gate.retryAfterMs), words: throttleWords(gate.retryAfterMs) };
  }
  const check = await checkSecondFactor(db, pending.staffId, input.code, input.now);
  if (!check.ok) {
    await audit(db, { actor, action: "auth.second_factor_failed", targetType: "staff", targetId: pending.staffId, result: "denied", detail: { stage: "sign_in", reason: check.reason }, ip: input.ip });
    return { ok: false, throttled: false, message: WRONG_CODE_EN, words: WRONG_CODE };
  }
  return complete(db, pending, { ip: input.ip, userAgent: input.userAgent, via: check.via });
}

async function complete(db: DbOrTx, pending: PendingSignIn, input: { ip: string; userAgent?: string; via: string }): Promise<FinishResult> {
  if (!(await spend(db, pending.id))) {
    return { ok: false, throttled: false, restart: true, message: "This sign-in has expired. Sign in again.", words: { key: "security:errors.expired" } };
  }
  // Both steps reserved an attempt (the password step, then this one): the address gets both back,
  // the pair, account and second-factor counters are cleared.
  const keys = signInKeys(pending.email, input.ip);
  await recordSuccess(db, [...keys, ...keys.filter((k) => k.kind === "ip"), secondFactorKey(pending.staffId)]);
  const session = await createSession(pending.staffId, { ip: input.ip, userAgent: input.userAgent }, db);
  const actor = { id: pending.staffId, email: pending.email };
  if (input.via === "recovery_code") {
    await audit(db, { actor, action: "auth.recovery_code_used", targetType: "staff", targetId: pending.staffId, result: "ok", ip: input.ip });
  }
  await audit(db, { actor, action: "auth.sign_in", targetType: "staff", targetId: pending.staffId, result: "ok", detail: { secondFactor: input.via }, ip: input.ip });
  return { ok: true, cookie: session.cookie };
}

/**
 * The restricted state's one action: confirm enrolment with a code, then the sign-in completes.
 * Returns the recovery codes to show once.
 */
export async function enrolAndFinish(
  db: DbOrTx,
  pending: PendingSignIn,
  input: { code: string; ip: string; userAgent?: string; now?: Date },
): Promise<(FinishResult & { ok: false }) | { ok: true; cookie: string; recoveryCodes: string[] }> {
  const keys = [...signInKeys(pending.email, input.ip), secondFactorKey(pending.staffId)];
  const gate = await reserveAttempt(db, keys, input.now);
  if (!gate.allowed) return { ok: false, throttled: true, message: throttleMessage(gate.retryAfterMs), words: throttleWords(gate.retryAfterMs) };
  const codes = await confirmEnrolment(db, { id: pending.staffId, email: pending.email, ip: input.ip }, input.code, input.now);
  if (!codes) return { ok: false, throttled: false, message: WRONG_CODE_EN, words: WRONG_CODE };
  const done = await complete(db, pending, { ip: input.ip, userAgent: input.userAgent, via: "totp" });
  if (!done.ok) return done;
  return { ok: true, cookie: done.cookie, recoveryCodes: codes };
}
