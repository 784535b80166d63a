import { z } from "zod";

/**
 * The environment, parsed once. Every variable is listed in .env.example. In the demo
 * (`npm start`) server/demo-config.ts fills in generated keys and secrets under .data/ before
 * this is read.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z.string().url().optional(),
  /** The schema owner's URL: boot migrates as it, then serves as DATABASE_URL (the runtime role; README "Database roles"). */
  DATABASE_MIGRATION_URL: z.string().url().optional(),
  /**
   * Connections this process keeps to Postgres (DATABASE_URL). Requests beyond it wait their turn
   * in the process, first come first served: on a small database a few connections serve a burst
   * faster and far more evenly than many (docs/benchmarks.md "Eighth pass"). With N processes the
   * database sees N × this (+ 4 each for jobs): keep it under the server's max_connections.
   */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  LOKET_DATA_DIR: z.string().default(".data"),
  SESSION_SECRET: z.string().min(16).optional(),
  DEMO_PASSWORD: z.string().min(8).optional(),
  /** Public base URL of this app (used for webhook URLs and Origin checks). */
  APP_URL: z.string().url().optional(),
  /** Set to "true" to send Secure cookies over plain HTTP in tests; default: secure in production. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** Minutes without activity after which a session ends (PCI DSS 8.2.8: at most 15). Fractions allowed (tests). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(720).default(15),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  GOPAY_SNAP_BASE_URL: z.string().url().default("http://127.0.0.1:4010"),
  GOPAY_CORE_BASE_URL: z.string().url().default("http://127.0.0.1:4010"),
  GOPAY_MINIAPP_BASE_URL: z.string().url().default("http://127.0.0.1:4010"),
  GOPAY_CLIENT_ID: z.string().default("loket-demo-client"),
  GOPAY_CLIENT_SECRET: z.string().default("loket-demo-client-secret-change-me"),
  GOPAY_PARTNER_ID: z.string().default("LOKETDEMO01"),
  GOPAY_CHANNEL_ID: z.string().default("12345"),
  GOPAY_MERCHANT_ID: z.string().default("M-LOKET-DEMO"),
  GOPAY_PRIVATE_KEY_FILE: z.string().optional(),
  GOPAY_NOTIFY_PUBLIC_KEY_FILE: z.string().optional(),
  MIDTRANS_SERVER_KEY: z.string().default("SB-Mid-server-loket-demo"),
  GOPAY_POP_ID: z.string().default("POP-LOKET-DEMO"),
  GOPAY_MINIAPP_CLIENT_ID: z.string().default("loket-miniapp"),
  GOPAY_MINIAPP_CLIENT_SECRET: z.string().default("loket-miniapp-secret"),
  GOPAY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** A refund whose outcome stays unknown this long goes to a person ("needs attention"), never to failed. */
  REFUND_ATTENTION_AFTER_HOURS: z.coerce.number().positive().default(24),

  /** Key for encrypting customers' mini-app tokens at rest (32+ chars); demo: generated. */
  DATA_ENCRYPTION_KEY: z.string().min(32).optional(),
  /** Roles that must use a second factor (TOTP) to sign in, comma-separated; the others may enrol. */
  LOKET_2FA_ROLES: z.string().default("finance,admin"),
  /** Demo only: the seed the demo staff's TOTP secrets are derived from (generated into .data/). */
  DEMO_TOTP_SEED: z.string().min(16).optional(),
  /** Disable background jobs (tests that drive jobs by hand). */
  JOBS_ENABLED: z.enum(["true", "false"]).default("true"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid environment:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Tests change process.env between runs; this drops the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}
