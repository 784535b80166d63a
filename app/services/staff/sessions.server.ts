import { eq } from "drizzle-orm";
import { staff } from "~db/schema";
import { listLiveSessions, revokeAllSessions, revokeOtherSessions, revokeSessionOf, type CurrentStaff } from "~/auth/session.server";
import type { DbOrTx } from "~/db/client.server";
import { describeUserAgent } from "~/lib/user-agent";
import { audit } from "~/services/audit.server";
import { StaffRuleError } from "./errors";
import type { StaffActor } from "./manage-staff.server";

export interface SessionView {
  id: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The signed-in person's live sessions, this one first. */
export async function mySessions(db: DbOrTx, me: CurrentStaff): Promise<SessionView[]> {
  const rows = await listLiveSessions(me.id, db);
  return rows
    .map((r) => ({ id: r.id, current: r.id === me.sessionId, ...describeUserAgent(r.userAgent), ip: r.ip?.replace(/^::ffff:/, "") ?? null, createdAt: r.createdAt, lastSeenAt: r.lastSeenAt, expiresAt: r.expiresAt }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** "Sign out everywhere else": every session but this one ends. */
export async function endOtherSessions(db: DbOrTx, me: CurrentStaff, ip?: string): Promise<number> {
  const ended = await revokeOtherSessions(me.id, me.sessionId, db);
  await audit(db, {
    actor: { id: me.id, email: me.email },
    action: "auth.sessions_ended_others",
    targetType: "staff",
    targetId: me.id,
    result: "ok",
    detail: { ended },
    ip,
  });
  return ended;
}

/** Ends one of my own sessions (never someone else's: the row must be mine). */
export async function endMySession(db: DbOrTx, me: CurrentStaff, sessionId: string, ip?: string): Promise<void> {
  const ended = await revokeSessionOf(me.id, sessionId, db);
  if (!ended) throw new StaffRuleError("That session has already ended.", undefined, { key: "settings:sessions.errors.gone" });
  await audit(db, {
    actor: { id: me.id, email: me.email },
    action: "auth.session_ended",
    targetType: "staff",
    targetId: me.id,
    result: "ok",
    // The session id is a hash of the cookie token; its prefix is enough to tell rows apart.
    detail: { session: sessionId.slice(0, 12), current: sessionId === me.sessionId },
    ip,
  });
}

/** An admin ends every session of a staff member (e.g. a lost laptop); audited. */
export async function endStaffSessions(db: DbOrTx, actor: StaffActor, staffId: string): Promise<{ email: string; ended: number }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select({ id: staff.id, email: staff.email }).from(staff).where(eq(staff.id, staffId)).for("update");
    if (!row) throw new StaffRuleError("That staff member no longer exists.", undefined, { key: "settings:staff.errors.gone" });
    const ended = (await listLiveSessions(staffId, tx)).length;
    await revokeAllSessions(staffId, tx);
    await audit(tx, {
      actor,
      action: "staff.end_sessions",
      targetType: "staff",
      targetId: staffId,
      result: "ok",
      detail: { email: row.email, ended, self: staffId === actor.id },
      ip: actor.ip,
    });
    return { email: row.email, ended };
  });
}
