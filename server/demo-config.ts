import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Fills in what the demo needs and the environment does not give: secrets and RSA keys
 * generated once into the data directory (never committed), and where the sandbox and the app
 * find each other. Explicit environment variables always win.
 */
export function prepareDemoConfig(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const dataDir = path.resolve(env.LOKET_DATA_DIR ?? ".data");
  fs.mkdirSync(dataDir, { recursive: true });
  // Several processes starting together on one data directory (two instances on one host) must
  // not each generate their own secrets and keys: one at a time fills it in, the rest read it.
  return withDirLock(path.join(dataDir, ".config.lock"), () => fill(env, dataDir));
}

/** A lock directory (mkdir is atomic) held while `fn` runs; one left by a crashed process expires after 30 s. */
function withDirLock<T>(lock: string, fn: () => T): T {
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 30_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > until) throw new Error(`Another process holds ${lock} (remove it if no Loket process is starting).`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function fill(env: NodeJS.ProcessEnv, dataDir: string): Record<string, string> {
  const keysDir = path.join(dataDir, "keys");
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const out: Record<string, string> = { LOKET_DATA_DIR: dataDir };

  const secretFile = (name: string, make: () => string): string => {
    const file = path.join(dataDir, name);
    if (!fs.existsSync(file)) fs.writeFileSync(file, make(), { mode: 0o600 });
    return fs.readFileSync(file, "utf8").trim();
  };
  if (!env.SESSION_SECRET) out.SESSION_SECRET = secretFile("session-secret", () => randomBytes(32).toString("hex"));
  if (!env.DATA_ENCRYPTION_KEY) out.DATA_ENCRYPTION_KEY = secretFile("data-key", () => randomBytes(32).toString("hex"));
  if (!env.DEMO_TOTP_SEED) out.DEMO_TOTP_SEED = secretFile("demo-totp-seed", () => randomBytes(32).toString("hex"));
  if (!env.DEMO_PASSWORD) out.DEMO_PASSWORD = secretFile("demo-password", () => `loket-${randomBytes(6).toString("base64url")}`);

  const keyPair = (base: string): { priv: string; pub: string } => {
    const priv = path.join(keysDir, `${base}-private.pem`);
    const pub = path.join(keysDir, `${base}-public.pem`);
    if (!fs.existsSync(priv) || !fs.existsSync(pub)) {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
      fs.writeFileSync(priv, privateKey, { mode: 0o600 });
      fs.writeFileSync(pub, publicKey);
    }
    return { priv, pub };
  };
  const merchant = keyPair("merchant");
  const gopay = keyPair("sandbox-notify");
  if (!env.GOPAY_PRIVATE_KEY_FILE) out.GOPAY_PRIVATE_KEY_FILE = merchant.priv;
  if (!env.SANDBOX_MERCHANT_PUBLIC_KEY_FILE) out.SANDBOX_MERCHANT_PUBLIC_KEY_FILE = merchant.pub;
  if (!env.SANDBOX_NOTIFY_PRIVATE_KEY_FILE) out.SANDBOX_NOTIFY_PRIVATE_KEY_FILE = gopay.priv;
  if (!env.GOPAY_NOTIFY_PUBLIC_KEY_FILE) out.GOPAY_NOTIFY_PUBLIC_KEY_FILE = gopay.pub;

  const appPort = env.PORT ?? "3000";
  const sandboxPort = env.SANDBOX_PORT ?? "4010";
  const appUrl = env.APP_URL ?? `http://localhost:${appPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  if (!env.APP_URL) out.APP_URL = appUrl;
  if (!env.SANDBOX_NOTIFY_URL) out.SANDBOX_NOTIFY_URL = `http://127.0.0.1:${appPort}/v1.0/debit/notify`;
  if (!env.SANDBOX_CORE_NOTIFY_URL) out.SANDBOX_CORE_NOTIFY_URL = `http://127.0.0.1:${appPort}/webhooks/gopay`;
  if (!env.SANDBOX_SNAPSHOT_FILE) out.SANDBOX_SNAPSHOT_FILE = path.join(dataDir, "sandbox-state.json");
  for (const k of ["GOPAY_SNAP_BASE_URL", "GOPAY_CORE_BASE_URL", "GOPAY_MINIAPP_BASE_URL"] as const) {
    if (!env[k]) out[k] = sandboxUrl;
  }
  Object.assign(env, out);
  return out;
}
