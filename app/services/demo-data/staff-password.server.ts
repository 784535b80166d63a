import { inArray } from "drizzle-orm";
import { ROLES, staff } from "~db/schema";
import type { Db } from "~/db/client.server";
import { verifyPassword } from "~/auth/password.server";
import { resetPassword } from "~/services/staff/manage-staff.server";
import { demoEmail, ensureDemoStaff } from "~/services/staff/demo-staff.server";

/**
 * The demo sign-ins for `npm run db:seed`: creates the missing ones with `password`, and says the
 * truth about the ones that already existed — the printed password is shown as working only for
 * the accounts it opens. With `reset`, the others are set to it (audited, sessions revoked).
 */
export async function demoPasswordReport(database: Db, password: string, opts: { reset?: boolean; totpSeed?: string } = {}): Promise<string[]> {
  // The same second factor `npm start` gives them: without it, finance and admin (LOKET_2FA_ROLES)
  // would be sent to enrolment on the README's PostgreSQL path.
  const accounts = await ensureDemoStaff(database, password, opts.totpSeed);
  const rows = await database.select({ id: staff.id, email: staff.email, passwordHash: staff.passwordHash }).from(staff).where(inArray(staff.email, ROLES.map(demoEmail)));
  const stale: typeof rows = [];
  for (const r of rows) if (!(await verifyPassword(r.passwordHash, password))) stale.push(r);
  const lines = ["Demo sign-ins (one per role):", ...accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email}`), `  password: ${password}`];
  if (opts.totpSeed) lines.push("  second factor: a current code for a demo account is printed by `npm run demo:code -- <role>` (e.g. finance)");
  if (stale.length && opts.reset) {
    const admin = rows.find((r) => r.email === demoEmail("admin")) ?? rows[0]!;
    for (const r of stale) await resetPassword(database, { id: admin.id, email: "job:db-seed" }, r.id, password);
    lines.push(`  (reset to this password: ${stale.map((r) => r.email).join(", ")})`);
  } else if (stale.length) {
    lines.push(
      `  ! ${stale.map((r) => r.email).join(", ")} already existed with another password, left unchanged: sign in with the password they were created with,`,
      "    or run `npm run db:seed -- --reset-demo-passwords` to set them to the one above.",
    );
  }
  return lines;
}
