import { db } from "~/db/client.server";
import { env } from "~/env.server";
import type { BootTask } from "~/boot.server";
import { ensureDemoStaff } from "./demo-staff.server";

/**
 * Boot task: on the embedded database only, make sure the five demo sign-ins exist and print
 * them. With DATABASE_URL nothing is seeded (use `npm run db:seed`).
 */
export const demoStaffBootTask: BootTask = async ({ embedded }) => {
  if (!embedded) return;
  const password = env().DEMO_PASSWORD;
  if (!password) return ["Demo staff not created: DEMO_PASSWORD is not set."];
  const seed = env().DEMO_TOTP_SEED;
  const accounts = await ensureDemoStaff(db(), password, seed);
  return [
    "Demo sign-ins (one per role):",
    ...accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email}`),
    `  password: ${password}`,
    ...(seed ? ["  second factor: a current code for a demo account is printed by `npm run demo:code -- <role>` (e.g. finance)"] : []),
  ];
};
