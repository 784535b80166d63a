import { createHash } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, ne } from "drizzle-orm";
import { sessions, staff, type Language, type Role } from "~db/schema";
import { db, type DbOrTx } from "~/db/client.server";
import { env } from "~/env.server";
import { randomToken } from "~/lib/ids.server";

/**
 * Sessions live in the database; the cookie holds only a random token whose sha256 is the row id.
 * Where Secure applies the cookie is `__Host-loket_session` (Secure, Path=/, no Domain: the
 * browser refuses it from a sibling subdomain or plain HTTP), else `loket_session` (local HTTP).
 */
export const SESSION_COOKIE = "loket_session";
export const SECURE_SESSION_COOKIE = "__Host-loket_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000; // a working day, whatever the activity
/** A request with this header (background polling) does not count as activity. */
export const BACKGROUND_HEADER = "X-Loket-Background";

/**
 * The idle timeout (SESSION_IDLE_MINUTES, default 15 — PCI DSS 8.2.8). `last_seen_at` is the idle
 * clock. It is written at most every TOUCH_EVERY (a thirtieth of the timeout, at most 30 s), not on
 * every request; since it can lag the last request by that much, a session ends at most that much
 * *earlier* than the timeout, never later.
 */
export function idleTimeoutMs(): number {
  return Math.round(env().SESSION_IDLE_MINUTES * 60_000);
}
const touchEveryMs = () => Math.min(30_000, Math.floor(idleTimeoutMs() / 30));

/** The clock sessions read; tests inject one instead of waiting. */
let clock: () => Date = () => new Date();
export function setSessionClock(now?: () => Date): void {
  clock = now ?? (() => new Date());
}
export const sessionNow = () => clock();

export interface CurrentStaff {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  /** null: follow the browser (Accept-Language), then Bahasa Indonesia. */
  language: Language | null;
  /** When this session ends if nothing else happens: idle limit or the absolute limit, whichever first. */
  idleExpiresAt: Date;
  /** The absolute limit (12 h after sign-in). */
  expiresAt: Date;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function cookieSecure(): boolean {
  const e = env();
  if (e.COOKIE_SECURE) return e.COOKIE_SECURE === "true";
  return e.NODE_ENV === "production";
}

/** The cookie's name where this server runs: `__Host-` wherever Secure applies. */
export function sessionCookieName(): string {
  return cookieSecure() ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function sessionCookie(token: string, maxAgeSeconds: number): string {
  const parts = [`${sessionCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function clearSessionCookie(): string {
  return sessionCookie("", 0);
}

/**
 * The session token from either name. Over HTTPS only the `__Host-` cookie counts: a plain
 * `loket_session` there could have been planted by a sibling subdomain (session fixation).
 */
function readToken(request: Request): string | undefined {
  const header = request.headers.get("Cookie") ?? "";
  const found = new Map<string, string>();
  for (const part of header.split(/;\s*/)) {
    const eq = part.indexOf("=");
    if (eq > 0) found.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const names = cookieSecure() ? [SECURE_SESSION_COOKIE] : [SECURE_SESSION_COOKIE, SESSION_COOKIE];
  for (const name of names) {
    const v = found.get(name);
    if (v) return v;
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
  const now = clock();
  await tx.insert(sessions).values({
    id,
    staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300),
  });
  return { cookie: sessionCookie(token, SESSION_TTL_MS / 1000), sessionId: id };
}

/**
 * The signed-in staff member, or null: the session must exist, be unrevoked, inside its absolute
 * limit and its idle limit, and the staff active. A request counts as activity (moves the idle
 * clock) unless `touch: false` or it carries BACKGROUND_HEADER (polling).
 */
export function getCurrentStaff(request: Request, opts: { touch?: boolean } = {}): Promise<CurrentStaff | null> {
  // One page load asks several times (root's language, the shell, the route, requestT): one lookup
  // per request object serves them all, while the session clock stands within a second of the first
  // answer (a long-lived request, or a test moving the clock, asks again). Reads only: an action may
  // end the session it came with, and the loaders after it must see that.
  if (request.method !== "GET" && request.method !== "HEAD") return lookUpCurrentStaff(request, opts);
  const slot = opts.touch !== false ? "touch" : "quiet";
  const now = clock().getTime();
  let memo = answered.get(request);
  if (!memo) answered.set(request, (memo = {}));
  const hit = memo[slot];
  if (hit && Math.abs(now - hit.at) < 1000) return hit.answer;
  const answer = lookUpCurrentStaff(request, opts);
  const entry = { at: now, answer };
  memo[slot] = entry;
  // A failed lookup is not remembered.
  answer.catch(() => {
    if (memo[slot] === entry) delete memo[slot];
  });
  return answer;
}
type Answer = { at: number; answer: Promise<CurrentStaff | null> };
const answered = new WeakMap<Request, { touch?: Answer; quiet?: Answer }>();

async function lookUpCurrentStaff(request: Request, opts: { touch?: boolean }): Promise<CurrentStaff | null> {
  const token = readToken(request);
  if (!token) return null;
  const id = hashToken(token);
  const now = clock();
  const idle = idleTimeoutMs();
  const [row] = await db()
    .select({
      sessionId: sessions.id,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
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
  if (now.getTime() - row.lastSeenAt.getTime() >= idle) return null;
  let lastSeen = row.lastSeenAt;
  const activity = opts.touch !== false && request.headers.get(BACKGROUND_HEADER) !== "1";
  if (activity && now.getTime() - lastSeen.getTime() >= touchEveryMs()) {
    // Monotonic: a slower request with an older clock never moves it back.
    await db().update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.id, id), lt(sessions.lastSeenAt, now)));
    lastSeen = now;
  }
  const idleExpiresAt = new Date(Math.min(lastSeen.getTime() + idle, row.expiresAt.getTime()));
  return { id: row.id, email: row.email, name: row.name, role: row.role, sessionId: row.sessionId, language: row.language, idleExpiresAt, expiresAt: row.expiresAt };
}

/** Marks the session active now (the "Stay signed in" button); returns when it would end idle. */
export async function touchSession(current: CurrentStaff): Promise<Date> {
  const now = clock();
  await db().update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.id, current.sessionId), lt(sessions.lastSeenAt, now)));
  return new Date(Math.min(now.getTime() + idleTimeoutMs(), current.expiresAt.getTime()));
}

export async function revokeSession(sessionId: string, tx: DbOrTx = db()): Promise<void> {
  await tx.update(sessions).set({ revokedAt: clock() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a staff member at once (deactivation, password change). */
export async function revokeAllSessions(staffId: string, tx: DbOrTx = db()): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: clock() })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt)));
}

export interface SessionRow {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** A staff member's live sessions (unrevoked, inside both limits), most recently seen first. */
export async function listLiveSessions(staffId: string, tx: DbOrTx = db()): Promise<SessionRow[]> {
  const now = clock();
  const rows = await tx
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - idleTimeoutMs()))))
    .orderBy(desc(sessions.lastSeenAt));
  return rows;
}

/** Ends the sessions of `staffId` except `keep`; returns how many ended. */
export async function revokeOtherSessions(staffId: string, keep: string, tx: DbOrTx = db()): Promise<number> {
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: clock() })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.revokedAt), ne(sessions.id, keep)))
    .returning({ id: sessions.id });
  return ended.length;
}

/** Ends one session if it belongs to `staffId` (so an id from a form cannot end someone else's). */
export async function revokeSessionOf(staffId: string, sessionId: string, tx: DbOrTx = db()): Promise<boolean> {
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: clock() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.staffId, staffId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return ended.length > 0;
}
