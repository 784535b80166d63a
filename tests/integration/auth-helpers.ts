import { eq } from "drizzle-orm";
import { sessions, staff, type Role } from "~db/schema";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import type { DbOrTx } from "~/db/client.server";
import { resetEnvCache } from "~/env.server";
import { enrolWithSecret } from "~/services/staff/second-factor.server";

export const APP = "http://loket.test";

/**
 * A staff member with a real password hash and a real session; returns the Cookie header value.
 * The session is made directly (tests that are not about signing in skip the password and code
 * steps) and counts as just re-authenticated, so admin actions on staff go through; pass
 * `reauthenticated: false` to test the re-authentication refusal. `totpSecret`: enrolled with it.
 */
export async function makeStaff(
  db: DbOrTx,
  role: Role,
  opts: { email?: string; password?: string; reauthenticated?: boolean; totpSecret?: string } = {},
) {
  const email = opts.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@loket.test`;
  const [row] = await db
    .insert(staff)
    .values({ email, name: `Test ${role}`, role, passwordHash: await hashPassword(opts.password ?? "correct horse battery") })
    .returning();
  if (opts.totpSecret) {
    ensureTestEncryptionKey();
    await enrolWithSecret(db, row!.id, opts.totpSecret);
  }
  const { cookie, sessionId } = await createSession(row!.id, { ip: "127.0.0.1" }, db);
  if (opts.reauthenticated !== false) await db.update(sessions).set({ reauthenticatedAt: new Date() }).where(eq(sessions.id, sessionId));
  return { ...row!, sessionId, cookie: cookie.split(";")[0]! };
}

/** Second-factor secrets are sealed with DATA_ENCRYPTION_KEY: tests that enrol need one. */
export function ensureTestEncryptionKey(): void {
  if (process.env.DATA_ENCRYPTION_KEY) return;
  process.env.DATA_ENCRYPTION_KEY = "integration-tests-data-encryption-key-0123456789";
  resetEnvCache();
}

/**
 * The browser these requests come from says English, as Chromium on an English system does (the
 * e2e browser too): the staff these helpers make have no language set, so answers are in English.
 * With no Accept-Language at all Loket answers in Bahasa Indonesia; pass `language` to ask for it.
 */
export const BROWSER_LANGUAGE = "en-US,en;q=0.9";

export function get(path: string, cookie?: string, language = BROWSER_LANGUAGE): Request {
  const headers: Record<string, string> = { "Accept-Language": language };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${APP}${path}`, { headers });
}

export function post(path: string, form: Record<string, string>, cookie?: string, origin = APP, language = BROWSER_LANGUAGE): Request {
  const headers: Record<string, string> = { Origin: origin, "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": language };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${APP}${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
}
