import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, staff } from "~db/schema";
import { verifyPassword } from "~/auth/password.server";
import { getCurrentStaff } from "~/auth/session.server";
import { generateTotpSecret, TOTP_STEP_SECONDS, totpCodeForStep } from "~/auth/totp.server";
import { useTestDb } from "../support/db";
import { ensureTestEncryptionKey, get, makeStaff, post } from "./auth-helpers";

/**
 * /settings/staff: every admin action on staff needs a recent step-up (password and code,
 * app/auth/reauth.server.ts). The confirm dialogs carry it now (StepUpFields: `reauthPassword`,
 * `reauthCode`): one POST checks them, stamps the session and does the action. Without a step-up
 * the action still refuses as before; a wrong password or code changes nothing; after one, the
 * next action is not asked again. The loader tells the page when to ask.
 */
const t = useTestDb();
const PASSWORD = "correct horse battery";
const context = { cspNonce: "", clientIp: "127.0.0.1" };
const nowStep = () => Math.floor(Date.now() / 1000 / TOTP_STEP_SECONDS);

beforeAll(() => ensureTestEncryptionKey());

type Refusal = { data: { ok: false; errors: Record<string, string> }; init: { status: number } };

async function staffAct(form: Record<string, string>, cookie: string): Promise<Response | Refusal> {
  const { action } = await import("~/routes/_app.settings.staff");
  try {
    return (await action({ request: post("/settings/staff", form, cookie), params: {}, context })) as Response | Refusal;
  } catch (thrown) {
    return thrown as Response;
  }
}

async function staffLoad(cookie: string) {
  const { loader } = await import("~/routes/_app.settings.staff");
  return loader({ request: get("/settings/staff", cookie), params: {}, context });
}

const live = async (cookie: string) => (await getCurrentStaff(get("/", cookie))) !== null;
const audits = async (action: string, targetId: string) =>
  Number((await t.db.select({ n: sql<number>`count(*)` }).from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId))))[0]!.n);

describe("/settings/staff: the confirm dialog carries the step-up", () => {
  it("'End sessions' refuses without it; a wrong password or code ends nothing; the right ones end them in one POST; the next action is not asked again", async () => {
    const secret = generateTotpSecret();
    const admin = await makeStaff(t.db, "admin", { password: PASSWORD, totpSecret: secret, reauthenticated: false });
    const member = await makeStaff(t.db, "support");
    const other = await makeStaff(t.db, "viewer");

    // What the page needs to ask inside the dialog: not confirmed, and a code is due.
    expect(await staffLoad(admin.cookie)).toMatchObject({ reauthUntil: null, meEnrolled: true });

    // No step-up sent: refused (the check stays), flagged so the dialog shows the fields.
    const bare = (await staffAct({ intent: "end-sessions", staffId: member.id }, admin.cookie)) as Refusal;
    expect(bare.init.status).toBe(400);
    expect(bare.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    expect(bare.data.errors.form).toMatch(/Confirm it's you/);
    expect(await live(member.cookie)).toBe(true);

    // A wrong password: nothing happens, the dialog says why, the failure is audited.
    const wrong = (await staffAct({ intent: "end-sessions", staffId: member.id, reauthPassword: "not my password", reauthCode: totpCodeForStep(secret, nowStep()) }, admin.cookie)) as Refusal;
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.errors).toMatchObject({ reauth: "1", form: "That password or code is not right." });
    expect(await live(member.cookie)).toBe(true);
    expect(await audits("auth.reauth_failed", admin.id)).toBe(1);
    // The right password without the code of an enrolled admin: still nothing.
    const noCode = (await staffAct({ intent: "end-sessions", staffId: member.id, reauthPassword: PASSWORD }, admin.cookie)) as Refusal;
    expect(noCode.data.errors).toMatchObject({ reauth: "1" });
    expect(await live(member.cookie)).toBe(true);
    expect((await staffLoad(admin.cookie)).reauthUntil).toBeNull();

    // Password and code with the confirm: confirmed and done, in one go.
    const done = (await staffAct({ intent: "end-sessions", staffId: member.id, reauthPassword: PASSWORD, reauthCode: totpCodeForStep(secret, nowStep()) }, admin.cookie)) as Response;
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toMatch(/^\/settings\/staff(\?|$)/);
    expect(await live(member.cookie)).toBe(false);
    expect(await live(admin.cookie)).toBe(true);
    expect(await audits("auth.reauthenticated", admin.id)).toBe(1);
    // The page now knows: no fields in the next dialog for 5 minutes.
    expect((await staffLoad(admin.cookie)).reauthUntil).not.toBeNull();

    // Within the confirmation: deactivating someone needs nothing more.
    const deactivated = (await staffAct({ intent: "deactivate", staffId: other.id }, admin.cookie)) as Response;
    expect(deactivated.status).toBe(302);
    expect(await live(other.cookie)).toBe(false);
    expect(await audits("auth.reauthenticated", admin.id)).toBe(1);
  });

  it("reset 2FA, deactivate and reactivate take the step-up in the same POST (password alone when the admin has no second factor)", async () => {
    const admin = await makeStaff(t.db, "admin", { password: PASSWORD, reauthenticated: false });
    const fin = await makeStaff(t.db, "finance", { totpSecret: generateTotpSecret() });
    const bare = (await staffAct({ intent: "reset-second-factor", staffId: fin.id }, admin.cookie)) as Refusal;
    expect(bare.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    expect(await live(fin.cookie)).toBe(true);
    const done = (await staffAct({ intent: "reset-second-factor", staffId: fin.id, reauthPassword: PASSWORD }, admin.cookie)) as Response;
    expect(done.status).toBe(302);
    expect(await live(fin.cookie)).toBe(false);
    const [row] = await t.db.select({ at: staff.totpEnrolledAt }).from(staff).where(eq(staff.id, fin.id));
    expect(row!.at).toBeNull();

    const admin2 = await makeStaff(t.db, "admin", { password: PASSWORD, reauthenticated: false });
    const sup = await makeStaff(t.db, "support");
    expect(((await staffAct({ intent: "deactivate", staffId: sup.id, reauthPassword: "wrong wrong wrong" }, admin2.cookie)) as Refusal).data.errors).toMatchObject({ reauth: "1" });
    expect(await live(sup.cookie)).toBe(true);
    expect(((await staffAct({ intent: "deactivate", staffId: sup.id, reauthPassword: PASSWORD }, admin2.cookie)) as Response).status).toBe(302);
    expect(await live(sup.cookie)).toBe(false);

    const admin3 = await makeStaff(t.db, "admin", { password: PASSWORD, reauthenticated: false });
    expect(((await staffAct({ intent: "reactivate", staffId: sup.id }, admin3.cookie)) as Refusal).data.errors).toMatchObject({ reauth: "1" });
    expect(((await staffAct({ intent: "reactivate", staffId: sup.id, reauthPassword: PASSWORD }, admin3.cookie)) as Response).status).toBe(302);
    const [back] = await t.db.select({ active: staff.active }).from(staff).where(eq(staff.id, sup.id));
    expect(back!.active).toBe(true);
  });

  it("'Reset password': the step-up is `reauthPassword`, the new password stays `password`; its rule errors land at the new password's field", async () => {
    const secret = generateTotpSecret();
    const admin = await makeStaff(t.db, "admin", { password: PASSWORD, totpSecret: secret, reauthenticated: false });
    const member = await makeStaff(t.db, "support");
    const NEW = "a brand new password for her";

    const bare = (await staffAct({ intent: "reset-password", staffId: member.id, password: NEW }, admin.cookie)) as Refusal;
    expect(bare.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    expect(await live(member.cookie)).toBe(true);

    // Confirmed, but the new password breaks a rule: refused at its field; the step-up counted.
    const short = (await staffAct({ intent: "reset-password", staffId: member.id, password: "short", reauthPassword: PASSWORD, reauthCode: totpCodeForStep(secret, nowStep()) }, admin.cookie)) as Refusal;
    expect(short.init.status).toBe(400);
    expect(short.data.errors.password).toMatch(/12 characters/);
    expect(await live(member.cookie)).toBe(true);
    expect((await staffLoad(admin.cookie)).reauthUntil).not.toBeNull();

    const done = (await staffAct({ intent: "reset-password", staffId: member.id, password: NEW }, admin.cookie)) as Response;
    expect(done.status).toBe(302);
    expect(await live(member.cookie)).toBe(false);
    const [row] = await t.db.select({ hash: staff.passwordHash }).from(staff).where(eq(staff.id, member.id));
    expect(await verifyPassword(row!.hash, NEW)).toBe(true);
  });

  it("creating someone and changing a role refuse without a confirmation: their `password` is never taken as the step-up", async () => {
    const admin = await makeStaff(t.db, "admin", { password: PASSWORD, reauthenticated: false });
    const email = `stepup-${Date.now()}@loket.test`;
    const create = (await staffAct({ intent: "create", email, name: "Nia", role: "support", password: PASSWORD }, admin.cookie)) as Refusal;
    expect(create.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    expect(await t.db.select().from(staff).where(eq(staff.email, email))).toHaveLength(0);
    const sup = await makeStaff(t.db, "support");
    const role = (await staffAct({ intent: "change-role", staffId: sup.id, role: "viewer", password: PASSWORD }, admin.cookie)) as Refusal;
    expect(role.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    const [row] = await t.db.select({ role: staff.role }).from(staff).where(eq(staff.id, sup.id));
    expect(row!.role).toBe("support");
    expect(await audits("auth.reauthenticated", admin.id)).toBe(0);
  });

  it("the create form and the role dialog carry the step-up too: a wrong one adds or changes nothing; the right one confirms and acts in one POST", async () => {
    const secret = generateTotpSecret();
    const admin = await makeStaff(t.db, "admin", { password: PASSWORD, totpSecret: secret, reauthenticated: false });
    const email = `stepup-create-${Date.now()}@loket.test`;
    const newcomer = { intent: "create", email, name: "Nia", role: "finance", password: "her own long password" };

    const wrong = (await staffAct({ ...newcomer, reauthPassword: "not my password", reauthCode: totpCodeForStep(secret, nowStep()) }, admin.cookie)) as Refusal;
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.errors).toMatchObject({ reauth: "1", form: "That password or code is not right." });
    expect(await t.db.select().from(staff).where(eq(staff.email, email))).toHaveLength(0);

    const created = (await staffAct({ ...newcomer, reauthPassword: PASSWORD, reauthCode: totpCodeForStep(secret, nowStep()) }, admin.cookie)) as Response;
    expect(created.status).toBe(302);
    const [row] = await t.db.select({ id: staff.id, role: staff.role }).from(staff).where(eq(staff.email, email));
    expect(row).toMatchObject({ role: "finance" });
    expect(await audits("auth.reauthenticated", admin.id)).toBe(1);

    // A second admin, not confirmed: the role dialog's POST confirms and changes the role at once.
    const admin2 = await makeStaff(t.db, "admin", { password: PASSWORD, reauthenticated: false });
    const bare = (await staffAct({ intent: "change-role", staffId: row!.id, role: "viewer" }, admin2.cookie)) as Refusal;
    expect(bare.data).toMatchObject({ ok: false, errors: { reauth: "1" } });
    const changed = (await staffAct({ intent: "change-role", staffId: row!.id, role: "viewer", reauthPassword: PASSWORD }, admin2.cookie)) as Response;
    expect(changed.status).toBe(302);
    const [after] = await t.db.select({ role: staff.role }).from(staff).where(eq(staff.id, row!.id));
    expect(after!.role).toBe("viewer");
    expect(await audits("staff.change_role", row!.id)).toBe(1);
  });
});
