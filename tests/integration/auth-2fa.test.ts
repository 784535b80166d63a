import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, staff } from "~db/schema";
import { reauthenticate } from "~/auth/reauth.server";
import { getCurrentStaff } from "~/auth/session.server";
import { generateTotpSecret, TOTP_STEP_SECONDS, totpCodeForStep } from "~/auth/totp.server";
import { enrolAndFinish, finishSignIn, readPendingSignIn } from "~/services/staff/second-factor-sign-in.server";
import { resetSecondFactor, startEnrolment } from "~/services/staff/second-factor.server";
import { signIn } from "~/services/staff/sign-in.server";
import { useTestDb } from "../support/db";
import { ensureTestEncryptionKey, get, makeStaff, post } from "./auth-helpers";

const t = useTestDb();
const PASSWORD = "correct horse battery";
/** The current TOTP step (the throttle and the code check both run on the real clock; codes use ±1 step). */
const nowStep = () => Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS);
const context = { cspNonce: "", clientIp: "127.0.0.1" };

beforeAll(() => ensureTestEncryptionKey());

const audits = async (action: string, staffId: string) =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, staffId))))[0]!.n);
const liveSessions = async (staffId: string) =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(sessions).where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt))))[0]!.n);

/** The cookie a sign-in step set, as a request Cookie header. */
const cookieOf = (setCookie: string) => setCookie.split(";")[0]!;

async function passwordStep(email: string, ip: string, now?: Date) {
  const r = await signIn(t.db, { email, password: PASSWORD, ip, now });
  if (!r.ok) throw new Error(`password step refused: ${r.message}`);
  const pending = await readPendingSignIn(t.db, get("/login/code", cookieOf(r.cookie)));
  return { r, pending };
}

describe("second factor at sign-in (real database)", () => {
  it("a finance member who has not enrolled gets no session: only a restricted pending sign-in that can enrol", async () => {
    const fin = await makeStaff(t.db, "finance", { email: "fin-new@loket.test" });
    const before = await liveSessions(fin.id);
    const { r, pending } = await passwordStep(fin.email, "10.50.0.1");
    expect(r).toMatchObject({ ok: true, next: "enrol" });
    expect(await liveSessions(fin.id)).toBe(before);
    // The pending cookie is not a session.
    expect(await getCurrentStaff(get("/", cookieOf(r.ok ? r.cookie : "")))).toBeNull();
    expect(pending).toMatchObject({ kind: "enrol", staffId: fin.id });
    // …and it cannot be used as the code step.
    const { secret } = await startEnrolment(t.db, fin.id);
    const wrong = await enrolAndFinish(t.db, pending!, { code: "000000", ip: "10.50.0.1" });
    expect(wrong.ok).toBe(false);
    const done = await enrolAndFinish(t.db, pending!, { code: totpCodeForStep(secret, nowStep()), ip: "10.50.0.1" });
    expect(done).toMatchObject({ ok: true });
    if (!done.ok) return;
    expect(done.recoveryCodes).toHaveLength(10);
    expect(new Set(done.recoveryCodes).size).toBe(10);
    expect(await getCurrentStaff(get("/", cookieOf(done.cookie)))).toMatchObject({ id: fin.id });
    // Stored hashed: no plain code in the table.
    const stored = await t.db.execute(sql`select code_hash from staff_recovery_codes where staff_id = ${fin.id}`);
    expect(JSON.stringify(stored)).not.toContain(done.recoveryCodes[0]!);
    // The secret is sealed at rest.
    const [row] = await t.db.select({ s: staff.totpSecret }).from(staff).where(eq(staff.id, fin.id));
    expect(row!.s).not.toContain(secret);
    // The pending sign-in is spent.
    expect(await readPendingSignIn(t.db, get("/login/enrol", cookieOf(r.ok ? r.cookie : "")))).toBeNull();
  });

  it("a code signs in once: the same code again (its step already used) is refused as a replay, and audited", async () => {
    const secret = generateTotpSecret();
    const fin = await makeStaff(t.db, "finance", { email: "fin-replay@loket.test", totpSecret: secret });
    const step = nowStep();
    const code = totpCodeForStep(secret, step);
    const first = await passwordStep(fin.email, "10.51.0.1");
    expect(first.r).toMatchObject({ next: "code" });
    expect(await finishSignIn(t.db, first.pending!, { code, ip: "10.51.0.1" })).toMatchObject({ ok: true });

    const second = await passwordStep(fin.email, "10.51.0.1");
    const replay = await finishSignIn(t.db, second.pending!, { code, ip: "10.51.0.1" });
    expect(replay).toMatchObject({ ok: false, throttled: false });
    const [failed] = await t.db
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.second_factor_failed"), eq(auditLog.targetId, fin.id)));
    expect(failed?.detail).toMatchObject({ reason: "replay" });
    // An earlier step is refused too (the window is ±1, but steps only move forward).
    expect(await finishSignIn(t.db, second.pending!, { code: totpCodeForStep(secret, step - 1), ip: "10.51.0.1" })).toMatchObject({ ok: false });
    // The next step's code works (the window takes one step ahead).
    expect(await finishSignIn(t.db, second.pending!, { code: totpCodeForStep(secret, step + 1), ip: "10.51.0.1" })).toMatchObject({ ok: true });
  });

  it("two simultaneous sign-ins with one code: exactly one session", async () => {
    const secret = generateTotpSecret();
    const fin = await makeStaff(t.db, "admin", { email: "adm-race@loket.test", totpSecret: secret });
    const a = await passwordStep(fin.email, "10.52.0.1");
    const b = await passwordStep(fin.email, "10.52.0.2");
    const code = totpCodeForStep(secret, nowStep());
    const results = await Promise.all([
      finishSignIn(t.db, a.pending!, { code, ip: "10.52.0.1" }),
      finishSignIn(t.db, b.pending!, { code, ip: "10.52.0.2" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("a recovery code signs in once", async () => {
    const fin = await makeStaff(t.db, "finance", { email: "fin-recovery@loket.test" });
    const { r, pending } = await passwordStep(fin.email, "10.53.0.1");
    expect(r).toMatchObject({ next: "enrol" });
    const { secret } = await startEnrolment(t.db, fin.id);
    const enrolled = await enrolAndFinish(t.db, pending!, { code: totpCodeForStep(secret, nowStep()), ip: "10.53.0.1" });
    if (!enrolled.ok) throw new Error("enrolment failed");
    const recovery = enrolled.recoveryCodes[3]!;

    const one = await passwordStep(fin.email, "10.53.0.1");
    expect(await finishSignIn(t.db, one.pending!, { code: recovery.toUpperCase(), ip: "10.53.0.1" })).toMatchObject({ ok: true });
    expect(await audits("auth.recovery_code_used", fin.id)).toBe(1);
    const two = await passwordStep(fin.email, "10.53.0.1");
    expect(await finishSignIn(t.db, two.pending!, { code: recovery, ip: "10.53.0.1" })).toMatchObject({ ok: false });
    // Another one of the ten still works.
    expect(await finishSignIn(t.db, two.pending!, { code: enrolled.recoveryCodes[4]!, ip: "10.53.0.1" })).toMatchObject({ ok: true });
  });

  it("wrong codes are audited and count toward the throttle: then even the right code is refused", async () => {
    const secret = generateTotpSecret();
    const fin = await makeStaff(t.db, "finance", { email: "fin-guess@loket.test", totpSecret: secret });
    const now = new Date();
    const { pending } = await passwordStep(fin.email, "10.54.0.1", now);
    let throttledAfter = 0;
    for (let i = 0; i < 10; i++) {
      const res = await finishSignIn(t.db, pending!, { code: String(100000 + i), ip: "10.54.0.1", now });
      if (!res.ok && res.throttled) {
        throttledAfter = i;
        break;
      }
    }
    expect(throttledAfter).toBeGreaterThan(0);
    expect(throttledAfter).toBeLessThanOrEqual(5);
    expect(await audits("auth.second_factor_failed", fin.id)).toBe(throttledAfter);
    expect(await finishSignIn(t.db, pending!, { code: totpCodeForStep(secret, nowStep()), ip: "10.54.0.1", now })).toMatchObject({ ok: false, throttled: true });
    // A different address does not reset the member's second-factor counter.
    const other = await signIn(t.db, { email: fin.email, password: PASSWORD, ip: "10.54.9.9", now });
    if (other.ok) {
      const p2 = await readPendingSignIn(t.db, get("/login/code", cookieOf(other.cookie)));
      expect(await finishSignIn(t.db, p2!, { code: totpCodeForStep(secret, nowStep()), ip: "10.54.9.9", now })).toMatchObject({ ok: false, throttled: true });
    }
  });

  it("a support member without a second factor signs in with the password alone; enrolled, they need a code too", async () => {
    const sup = await makeStaff(t.db, "support", { email: "sup-2fa@loket.test" });
    expect(await signIn(t.db, { email: sup.email, password: PASSWORD, ip: "10.55.0.1" })).toMatchObject({ ok: true, next: "session" });
    const sup2 = await makeStaff(t.db, "support", { email: "sup-2fa-on@loket.test", totpSecret: generateTotpSecret() });
    expect(await signIn(t.db, { email: sup2.email, password: PASSWORD, ip: "10.55.0.2" })).toMatchObject({ ok: true, next: "code" });
  });
});

describe("admin reset of a second factor, behind re-authentication", () => {
  it("refused until the admin re-authenticates; then resets, ends the member's sessions and is audited", async () => {
    const adminSecret = generateTotpSecret();
    const admin = await makeStaff(t.db, "admin", { email: "adm-reset@loket.test", totpSecret: adminSecret, reauthenticated: false });
    const fin = await makeStaff(t.db, "finance", { email: "fin-lost-phone@loket.test", totpSecret: generateTotpSecret() });
    expect(await getCurrentStaff(get("/", fin.cookie))).not.toBeNull();
    const { action } = await import("~/routes/_app.settings.staff");
    const call = async () => {
      try {
        return (await action({ request: post("/settings/staff", { intent: "reset-second-factor", staffId: fin.id }, admin.cookie), params: {}, context })) as unknown;
      } catch (thrown) {
        return thrown;
      }
    };
    const refused = (await call()) as { data: { ok: boolean; errors: Record<string, string> }; init: { status: number } };
    expect(refused.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    expect(refused.data.errors.form).toMatch(/Confirm it's you/);
    expect(await getCurrentStaff(get("/", fin.cookie))).not.toBeNull();

    // Wrong code: no stamp, audited.
    const me = { id: admin.id, email: admin.email, sessionId: admin.sessionId };
    expect(await reauthenticate(t.db, me, { password: PASSWORD, code: "000000", ip: "10.60.0.1" })).toMatchObject({ ok: false });
    expect(await audits("auth.reauth_failed", admin.id)).toBe(1);
    expect(await reauthenticate(t.db, me, { password: "not my password", code: totpCodeForStep(adminSecret, nowStep()), ip: "10.60.0.1" })).toMatchObject({ ok: false });
    expect(await call()).toMatchObject({ data: { ok: false, errors: { reauth: "1" } } });
    expect(await reauthenticate(t.db, me, { password: PASSWORD, code: totpCodeForStep(adminSecret, nowStep()), ip: "10.60.0.1" })).toMatchObject({ ok: true });
    expect(await audits("auth.reauthenticated", admin.id)).toBe(1);

    const done = (await call()) as Response;
    expect(done.status).toBe(302);
    expect(await getCurrentStaff(get("/", fin.cookie))).toBeNull();
    expect(await audits("staff.reset_second_factor", fin.id)).toBe(1);
    const [row] = await t.db.select({ s: staff.totpSecret, at: staff.totpEnrolledAt }).from(staff).where(eq(staff.id, fin.id));
    expect(row).toEqual({ s: null, at: null });
    // Their next sign-in must enrol again.
    expect(await signIn(t.db, { email: fin.email, password: PASSWORD, ip: "10.60.0.2" })).toMatchObject({ ok: true, next: "enrol" });
  });

  it("the service alone also ends a half-finished sign-in of the member", async () => {
    const admin = await makeStaff(t.db, "admin", { email: "adm-reset2@loket.test" });
    const fin = await makeStaff(t.db, "finance", { email: "fin-reset2@loket.test", totpSecret: generateTotpSecret() });
    const { r } = await passwordStep(fin.email, "10.61.0.1");
    await resetSecondFactor(t.db, { id: admin.id, email: admin.email }, fin.id);
    expect(await readPendingSignIn(t.db, get("/login/code", cookieOf(r.ok ? r.cookie : "")))).toBeNull();
  });
});
