/**
 * `npm run demo:code -- <role>`: prints a current second-factor code for a demo account
 * (<role>@loket.test). The demo staff's TOTP secrets derive from the seed `npm start` generated
 * into the data directory (server/demo-config.ts), so no database is opened: it works while the
 * demo runs. An account whose second factor an admin reset and which was enrolled again with
 * another app has other codes.
 */
import "dotenv/config";
import fs from "node:fs";
import path from "node:path";
import { demoTotpSecret, stepAt, totpCode, TOTP_STEP_SECONDS } from "../app/auth/totp.server";
import { ROLES } from "../db/schema/staff";

const role = process.argv[2]?.trim().toLowerCase();
if (!role || !(ROLES as readonly string[]).includes(role)) {
  console.error(`Usage: npm run demo:code -- <role>   (one of: ${ROLES.join(", ")})`);
  process.exit(2);
}
const seedFile = path.join(path.resolve(process.env.LOKET_DATA_DIR ?? ".data"), "demo-totp-seed");
const seed = process.env.DEMO_TOTP_SEED ?? (fs.existsSync(seedFile) ? fs.readFileSync(seedFile, "utf8").trim() : "");
if (!seed) {
  console.error(`No demo seed yet (${seedFile}): start the demo once with \`npm start\`.`);
  process.exit(1);
}
const email = `${role}@loket.test`;
const now = Date.now();
const left = TOTP_STEP_SECONDS - (Math.floor(now / 1000) % TOTP_STEP_SECONDS);
const secret = demoTotpSecret(seed, email);
console.log(`${email}: ${totpCode(secret, now)}  (valid ${left} s more; next: ${totpCode(secret, (stepAt(now) + 1) * TOTP_STEP_SECONDS * 1000)})`);
