import { asc, eq } from "drizzle-orm";
import { staff, type Role } from "~db/schema";
import { checkPasswordRules, generatePassword, hashPassword, MAX_EMAIL_LENGTH, passwordProblem } from "~/auth/password.server";
import { revokeAllSessions } from "~/auth/session.server";
import type { DbOrTx } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { StaffRuleError } from "./errors";

/** Who is making the change: the signed-in admin. */
export interface StaffActor {
  id: string;
  email: string;
  ip?: string;
}

export interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  /** set: the second factor is on (an admin may reset it) */
  secondFactorAt: Date | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function listStaff(db: DbOrTx): Promise<StaffRow[]> {
  return db
    .select({ id: staff.id, email: staff.email, name: staff.name, role: staff.role, active: staff.active, createdAt: staff.createdAt, secondFactorAt: staff.totpEnrolledAt })
    .from(staff)
    .orderBy(asc(staff.email));
}

async function lockStaff(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(staff).where(eq(staff.id, id)).for("update");
  if (!row) throw new StaffRuleError("That staff member no longer exists.", undefined, { key: "settings:staff.errors.gone" });
  return row;
}

/**
 * Creates a staff member. With no password given, one is generated and returned so the admin
 * can pass it on (it is shown once and never stored in clear).
 */
export async function createStaff(
  db: DbOrTx,
  actor: StaffActor,
  input: { email: string; name: string; role: Role; password?: string },
): Promise<{ id: string; generatedPassword: string | null }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (email.length > MAX_EMAIL_LENGTH) throw new StaffRuleError(`An email address has at most ${MAX_EMAIL_LENGTH} characters.`, "email", { key: "auth:errors.emailTooLong" });
  if (!EMAIL.test(email)) throw new StaffRuleError("Enter an email address like name@example.com.", "email", { key: "settings:staff.errors.email" });
  if (!name) throw new StaffRuleError("Enter the person's name.", "name", { key: "settings:staff.errors.name" });
  const generated = input.password ? null : generatePassword();
  const password = input.password ?? generated!;
  // A generated password (120 random bits) is not checked: it could only fail by chance on a short email name.
  const rule = generated ? null : checkPasswordRules(password, { email, name });
  if (rule) throw new StaffRuleError(passwordProblem(password, { email, name })!, "password", rule);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: staff.id }).from(staff).where(eq(staff.email, email));
    if (existing) throw new StaffRuleError("A staff member with this email already exists.", "email", { key: "settings:staff.errors.exists" });
    const inserted = await tx
      .insert(staff)
      .values({ email, name, role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning({ id: staff.id });
    const row = inserted[0];
    if (!row) throw new StaffRuleError("A staff member with this email already exists.", "email", { key: "settings:staff.errors.exists" });
    await audit(tx, {
      actor,
      action: "staff.create",
      targetType: "staff",
      targetId: row.id,
      result: "ok",
      request: { email, name, role: input.role, password: input.password ?? "(generated)" },
      detail: { generated: generated !== null },
      ip: actor.ip,
    });
    return { id: row.id, generatedPassword: generated };
  });
}

export async function changeRole(db: DbOrTx, actor: StaffActor, staffId: string, role: Role): Promise<void> {
  if (staffId === actor.id && role !== "admin") {
    throw new StaffRuleError("You cannot change your own role: ask another admin.", "role", { key: "settings:staff.errors.ownRole" });
  }
  await db.transaction(async (tx) => {
    const before = await lockStaff(tx, staffId);
    if (before.role === role) return;
    await tx.update(staff).set({ role, updatedAt: new Date() }).where(eq(staff.id, staffId));
    // No session revocation needed: requireStaff reads the role from the database on every request.
    await audit(tx, {
      actor,
      action: "staff.change_role",
      targetType: "staff",
      targetId: staffId,
      result: "ok",
      detail: { email: before.email, from: before.role, to: role },
      ip: actor.ip,
    });
  });
}

/** Deactivating signs the person out everywhere at once (every session revoked in the same transaction). */
export async function setActive(db: DbOrTx, actor: StaffActor, staffId: string, active: boolean): Promise<void> {
  if (!active && staffId === actor.id) {
    throw new StaffRuleError("You cannot deactivate yourself: ask another admin.", undefined, { key: "settings:staff.errors.self" });
  }
  await db.transaction(async (tx) => {
    const before = await lockStaff(tx, staffId);
    if (before.active === active) return;
    await tx.update(staff).set({ active, updatedAt: new Date() }).where(eq(staff.id, staffId));
    if (!active) await revokeAllSessions(staffId, tx);
    await audit(tx, {
      actor,
      action: active ? "staff.reactivate" : "staff.deactivate",
      targetType: "staff",
      targetId: staffId,
      result: "ok",
      detail: { email: before.email },
      ip: actor.ip,
    });
  });
}

/** Sets a new password (given or generated) and revokes every session of that person. */
export async function resetPassword(
  db: DbOrTx,
  actor: StaffActor,
  staffId: string,
  newPassword?: string,
): Promise<{ generatedPassword: string | null; email: string }> {
  const generated = newPassword ? null : generatePassword();
  const password = newPassword ?? generated!;
  const [person] = generated ? [] : await db.select({ email: staff.email, name: staff.name }).from(staff).where(eq(staff.id, staffId));
  const rule = generated ? null : checkPasswordRules(password, person ?? {});
  if (rule) throw new StaffRuleError(passwordProblem(password, person ?? {})!, "password", rule);
  const passwordHash = await hashPassword(password);
  const email = await db.transaction(async (tx) => {
    const before = await lockStaff(tx, staffId);
    await tx.update(staff).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(staff.id, staffId));
    await revokeAllSessions(staffId, tx);
    await audit(tx, {
      actor,
      action: "staff.reset_password",
      targetType: "staff",
      targetId: staffId,
      result: "ok",
      detail: { email: before.email, generated: generated !== null, self: staffId === actor.id },
      ip: actor.ip,
    });
    return before.email;
  });
  return { generatedPassword: generated, email };
}
