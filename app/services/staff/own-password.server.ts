import { and, eq, isNull, ne } from "drizzle-orm";
import { sessions, staff } from "~db/schema";
import { checkPasswordRules, hashPassword, passwordProblem } from "~/auth/password.server";
import type { DbOrTx } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { StaffRuleError } from "./errors";

/**
 * A staff member changes their own password (after re-authenticating): the shared password
 * rules apply; every other session of theirs ends, this one stays.
 */
export async function changeOwnPassword(db: DbOrTx, actor: { id: string; email: string; ip?: string }, sessionId: string, newPassword: string): Promise<void> {
  const [person] = await db.select({ email: staff.email, name: staff.name }).from(staff).where(eq(staff.id, actor.id)).limit(1);
  const rule = checkPasswordRules(newPassword, person ?? {});
  if (rule) throw new StaffRuleError(passwordProblem(newPassword, person ?? {})!, "password", rule);
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  await db.update(staff).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(staff.id, actor.id));
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.staffId, actor.id), ne(sessions.id, sessionId), isNull(sessions.revokedAt)));
  await audit(db, { actor, action: "auth.password_changed", targetType: "staff", targetId: actor.id, result: "ok", detail: { otherSessionsEnded: true }, ip: actor.ip });
}
