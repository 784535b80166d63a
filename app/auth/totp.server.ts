import { createHmac } from "node:crypto";
import { authenticator } from "otplib";

/**
 * TOTP (RFC 6238) through otplib: 6 digits, 30-second steps, SHA-1 (what every authenticator app
 * reads from an otpauth:// QR code). A code is accepted one step either side of now (clock drift);
 * the caller stores the accepted step so the same code cannot be used twice (see second-factor).
 */
export const TOTP_STEP_SECONDS = 30;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = "Loket";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function totpAt(now: number) {
  // A clone per call: otplib's options are per instance, and `epoch` is the clock it checks against.
  return authenticator.clone({ step: TOTP_STEP_SECONDS, window: TOTP_WINDOW, digits: 6, epoch: now });
}

/** The time step a moment falls in. */
export const stepAt = (now: number) => Math.floor(now / 1000 / TOTP_STEP_SECONDS);

/** A new random secret (base32, 160 bits). */
export function generateTotpSecret(): string {
  return authenticator.generateSecret(20);
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  return totpAt(Date.now()).keyuri(account, TOTP_ISSUER, secret);
}

/** The code for the step `now` falls in (demo script, tests). */
export function totpCode(secret: string, now = Date.now()): string {
  return totpAt(now).generate(secret);
}

/** The code for a given step (tests pick a step above the last one used). */
export function totpCodeForStep(secret: string, step: number): string {
  return totpCode(secret, step * TOTP_STEP_SECONDS * 1000);
}

/**
 * Checks a typed code against the secret at `now` (±1 step). Returns the step it belongs to, or
 * null. Whether that step was already used is the caller's question (it needs the database).
 */
export function verifyTotp(secret: string, code: string, now = Date.now()): { step: number } | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  let delta: number | null;
  try {
    delta = totpAt(now).checkDelta(token, secret);
  } catch {
    return null;
  }
  return delta === null ? null : { step: stepAt(now) + delta };
}

/**
 * The demo's secret for one account: derived from a per-install seed (generated at first start,
 * server/demo-config.ts), so `npm run demo:code` can print a code without opening the database.
 */
export function demoTotpSecret(seed: string, email: string): string {
  const bytes = createHmac("sha256", seed).update(`loket-demo-totp:${email.toLowerCase()}`).digest();
  let out = "";
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}
