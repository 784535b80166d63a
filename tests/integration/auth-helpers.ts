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

export function get(path: string, cookie?: string): Request {
  return new Request(`${APP}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(path: string, form: Record<string, string>, cookie?: string, origin = APP): Request {
  const headers: Record<string, string> = { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${APP}${path}`, { method: "POST", headers, body: new URLSearchParams(form).toString() });
}
