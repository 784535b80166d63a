import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, staff } from "~db/schema";
import { getCurrentStaff } from "~/auth/session.server";
import { verifyPassword } from "~/auth/password.server";
import { StaffRuleError } from "~/services/staff/errors";
import { changeRole, createStaff, resetPassword, setActive } from "~/services/staff/manage-staff.server";
import { BAD_CREDENTIALS, signIn, signOut } from "~/services/staff/sign-in.server";
import { action as logoutAction } from "~/routes/logout";
import { action as loginAction, loader as loginLoader } from "~/routes/_auth.login";
import { useTestDb } from "../support/db";
import { get, makeStaff, post } from "./auth-helpers";

const t = useTestDb();

const actions = async (targetId: string) =>
  (await t.db.select().from(auditLog).where(eq(auditLog.targetId, targetId))).map((r) => r.action);

describe("sessions end when an admin acts", () => {
  it("deactivation revokes every open session at once", async () => {
    const admin = await makeStaff(t.db, "admin");
    const agent = await makeStaff(t.db, "support");
    expect(await getCurrentStaff(get("/", agent.cookie))).not.toBeNull();
    await setActive(t.db, { id: admin.id, email: admin.email }, agent.id, false);
    expect(await getCurrentStaff(get("/", agent.cookie))).toBeNull();
    // Reactivating does not bring the old session back.
    await setActive(t.db, { id: admin.id, email: admin.email }, agent.id, true);
    expect(await getCurrentStaff(get("/", agent.cookie))).toBeNull();
    expect(await actions(agent.id)).toEqual(expect.arrayContaining(["staff.deactivate", "staff.reactivate"]));
  });

  it("a password reset revokes sessions and the new password works", async () => {
    const admin = await makeStaff(t.db, "admin");
    const agent = await makeStaff(t.db, "finance");
    const res = await resetPassword(t.db, { id: admin.id, email: admin.email }, agent.id);
    expect(res.generatedPassword).toMatch(/^.{20}$/);
    expect(await getCurrentStaff(get("/", agent.cookie))).toBeNull();
    const [row] = await t.db.select().from(staff).where(eq(staff.id, agent.id));
    expect(await verifyPassword(row!.passwordHash, res.generatedPassword!)).toBe(true);
    expect(await verifyPassword(row!.passwordHash, "correct horse battery")).toBe(false);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, "staff.reset_password"));
    expect(JSON.stringify([entry!.request, entry!.detail])).not.toContain(res.generatedPassword!);
  });

  it("an admin cannot deactivate or demote themselves", async () => {
    const admin = await makeStaff(t.db, "admin");
    const me = { id: admin.id, email: admin.email };
    await expect(setActive(t.db, me, admin.id, false)).rejects.toThrow(StaffRuleError);
    await expect(changeRole(t.db, me, admin.id, "viewer")).rejects.toThrow(/own role/);
    expect(await getCurrentStaff(get("/", admin.cookie))).toMatchObject({ role: "admin" });
  });

  it("creating staff enforces the password length and unique email, and audits without the password", async () => {
    const admin = await makeStaff(t.db, "admin");
    const me = { id: admin.id, email: admin.email };
    await expect(createStaff(t.db, me, { email: "new@loket.test", name: "New", role: "support", password: "short" })).rejects.toMatchObject({
      field: "password",
    });
    const created = await createStaff(t.db, me, { email: "New@Loket.test", name: "New", role: "support", password: "a long enough password" });
    await expect(createStaff(t.db, me, { email: "new@loket.test", name: "Again", role: "viewer" })).rejects.toMatchObject({ field: "email" });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(entry).toMatchObject({ action: "staff.create", actorId: admin.id, result: "ok" });
    expect(JSON.stringify(entry!.request)).not.toContain("a long enough password");
    const ok = await signIn(t.db, { email: "new@loket.test", password: "a long enough password", ip: "10.0.0.1" });
    expect(ok.ok).toBe(true);
  });
});

describe("sign-in, sign-out and their audit rows", () => {
  it("writes auth.sign_in, auth.sign_in_failed (actor email, no actor id) and auth.sign_out", async () => {
    const s = await makeStaff(t.db, "viewer", { email: "audited@loket.test", password: "right password 1" });
    const bad = await signIn(t.db, { email: "audited@loket.test", password: "wrong", ip: "10.1.1.1" });
    expect(bad).toEqual({ ok: false, message: BAD_CREDENTIALS, throttled: false, words: { key: "auth:errors.badCredentials" } });
    const good = await signIn(t.db, { email: "AUDITED@loket.test ", password: "right password 1", ip: "10.1.1.1" });
    if (!good.ok) throw new Error("expected sign-in");
    const cookie = good.cookie.split(";")[0]!;
    const current = await getCurrentStaff(get("/", cookie));
    expect(current?.id).toBe(s.id);
    await signOut(t.db, current!, "10.1.1.1");
    expect(await getCurrentStaff(get("/", cookie))).toBeNull();

    const rows = await t.db.select().from(auditLog).where(eq(auditLog.actorEmail, "audited@loket.test")).orderBy(auditLog.id);
    expect(rows.map((r) => r.action)).toEqual(["auth.sign_in_failed", "auth.sign_in", "auth.sign_out"]);
    expect(rows[0]).toMatchObject({ actorId: null, result: "denied", ip: "10.1.1.1" });
    expect(rows[1]).toMatchObject({ actorId: s.id, result: "ok" });
  });

  it("unknown email, wrong password and deactivated account get the same message", async () => {
    const admin = await makeStaff(t.db, "admin");
    const gone = await makeStaff(t.db, "support", { email: "gone@loket.test", password: "right password 2" });
    await setActive(t.db, { id: admin.id, email: admin.email }, gone.id, false);
    const a = await signIn(t.db, { email: "nobody@loket.test", password: "x", ip: "10.2.0.1" });
    const b = await signIn(t.db, { email: "gone@loket.test", password: "nope", ip: "10.2.0.2" });
    const c = await signIn(t.db, { email: "gone@loket.test", password: "right password 2", ip: "10.2.0.3" });
    for (const r of [a, b, c]) expect(r).toEqual({ ok: false, message: BAD_CREDENTIALS, throttled: false, words: { key: "auth:errors.badCredentials" } });
  });

  it("/login action sets the cookie and only follows relative redirects; /logout is POST-only", async () => {
    await makeStaff(t.db, "support", { email: "route@loket.test", password: "route password 1" });
    const res = (await loginAction({
      request: post("/login", { email: "route@loket.test", password: "route password 1", redirectTo: "//evil.example/x" }),
      params: {},
      context: { cspNonce: "", clientIp: "10.3.0.1" },
    })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cookie = res.headers.get("Set-Cookie")!.split(";")[0]!;
    expect(cookie).toMatch(/^loket_session=.+/);

    // Signed in → /login sends you home.
    await expect(loginLoader({ request: get("/login", cookie), params: {}, context: {} as never })).rejects.toMatchObject({ status: 302 });

    const out = (await logoutAction({ request: post("/logout", {}, cookie), params: {}, context: {} as never })) as Response;
    expect(out.status).toBe(302);
    expect(out.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await getCurrentStaff(get("/", cookie))).toBeNull();

    const bad = (await loginAction({
      request: post("/login", { email: "route@loket.test", password: "nope" }),
      params: {},
      context: {} as never,
    })) as unknown as { init: { status: number }; data: { errors: { form: string } } };
    expect(bad.init.status).toBe(400);
    expect(bad.data.errors.form).toBe(BAD_CREDENTIALS);
  });
});
