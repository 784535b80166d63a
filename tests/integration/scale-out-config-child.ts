/** Child of scale-out-config.test.ts: prepares the demo config in LOKET_DATA_DIR and prints what it chose. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { prepareDemoConfig } from "../../server/demo-config";

const env: NodeJS.ProcessEnv = { NODE_ENV: process.env.NODE_ENV, LOKET_DATA_DIR: process.env.LOKET_DATA_DIR };
prepareDemoConfig(env);
const hash = (file: string | undefined) => createHash("sha256").update(fs.readFileSync(file!)).digest("hex");
process.stdout.write(
  JSON.stringify({
    session: env.SESSION_SECRET,
    data: env.DATA_ENCRYPTION_KEY,
    demo: env.DEMO_PASSWORD,
    merchantPrivate: hash(env.GOPAY_PRIVATE_KEY_FILE),
    merchantPublic: hash(env.SANDBOX_MERCHANT_PUBLIC_KEY_FILE),
    notifyPrivate: hash(env.SANDBOX_NOTIFY_PRIVATE_KEY_FILE),
    notifyPublic: hash(env.GOPAY_NOTIFY_PUBLIC_KEY_FILE),
  }),
);
