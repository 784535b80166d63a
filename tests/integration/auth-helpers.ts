import { staff, type Role } from "~db/schema";
import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import type { DbOrTx } from "~/db/client.server";

export const APP = "http://loket.test";

/** A staff member with a real password hash and a real session; returns the Cookie header value. */
export async function makeStaff(db: DbOrTx, role: Role, opts: { email?: string; password?: string } = {}) {
  const email = opts.email ?? `${role}-${Math.random().toString(36).slice(2, 8)}@loket.test`;
  const [row] = await db
    .insert(staff)
    .values({ email, name: `Test ${role}`, role, passwordHash: await hashPassword(opts.password ?? "correct horse battery") })
    .returning();
  const { cookie } = await createSession(row!.id, { ip: "127.0.0.1" }, db);
  return { ...row!, cookie: cookie.split(";")[0]! };
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
