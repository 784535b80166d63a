/** Fixed values the e2e server and the specs share. Not secrets: they only exist in throwaway test databases. */
export const E2E_PASSWORD = "e2e-Loket-pass-2024";
/** The demo staff's TOTP secrets derive from it (app/auth/totp.server.ts demoTotpSecret): specs compute codes. */
export const E2E_TOTP_SEED = "e2e-loket-totp-seed-not-a-secret";
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3201);
export const E2E_SANDBOX_PORT = Number(process.env.E2E_SANDBOX_PORT ?? 4201);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const ROLES = ["admin", "support", "finance", "campaigns", "viewer"] as const;
export type E2eRole = (typeof ROLES)[number];
