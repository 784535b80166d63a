import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { sessions, staff, type Language, type Role } from "~db/schema";
import { db, type DbOrTx } from "~/db/client.server";
import { env } from "~/env.server";
import { randomToken } from "~/lib/ids.server";

/** Sessions live in the database; the cookie holds only a random token whose sha256 is the row id. */
export const SESSION_COOKIE = "loket_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // a working day
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export interface CurrentStaff {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  /** null: follow the browser (Accept-Language), then Bahasa Indonesia. */
  language: Language | null;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function cookieSecure(): boolean {
  const e = env();
  if (e.COOKIE_SECURE) return e.COOKIE_SECURE === "true";
  return e.NODE_ENV === "production";
}

export function sessionCookie(token: string, maxAgeSeconds: number): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(): string {
  return sessionCookie("", 0);
}

function readToken(request: Request): string | undefined {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === SESSION_COOKIE) {
      const v = part.slice(eq + 1);
      return v || undefined;
    }
  }
  return undefined;
}

/** Creates a session row and returns the Set-Cookie header value. */
export async function createSession(
  staffId: string,
  meta: { ip?: string; userAgent?: string },
  tx: DbOrTx = db(),
): Promise<{ cookie: string; sessionId: string }> {
  const token = randomToken();
  const id = hashToken(token);
  await tx.insert(sessions).values({
    id,
    staffId,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300),
  });
  return { cookie: sessionCookie(token, SESSION_TTL_MS / 1000), sessionId: id };
}

/** The signed-in staff member, or null: the session must exist, be unexpired and unrevoked, and the staff active. */
export async function getCurrentStaff(request: Request): Promise<CurrentStaff | null> {
  const token = readToken(request);
  if (!token) return null;
  const id = hashToken(token);
  const now = new Date();
  const [row] = await db()
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      language: staff.language,
    })
    .from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(staff.active, true)))
    .limit(1);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, sessionId: row.sessionId, language: row.language };
}

export async function revokeSession(sessionId: string, tx: DbOrTx = db()): Promise<void> {
  await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a staff member at once (deactivation, password change). */
export async function revokeAllSessions(staffId: string, tx: DbOrTx = db()): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt)));
}
