import { hash, verify, type Options } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import type { Words } from "~/lib/words";

/**
 * argon2id with OWASP's minimum recommended cost (19 MiB, 2 passes, 1 lane): ~20–40 ms here,
 * slow enough to hurt offline guessing, fast enough that sign-in does not stall the server.
 */
const OPTIONS: Options = {
  // why the literal: the package exports Algorithm as a `const enum`, unusable under isolatedModules.
  algorithm: 2 /* Algorithm.Argon2id */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** A sentence for the password field, or null when the new password is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${password.length}).`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (password.trim() === "") return "The password cannot be only spaces.";
  return null;
}

/** passwordProblem's sentence as a translation key (settings:staff.errors.*). */
export function passwordProblemWords(password: string): Words | null {
  if (password.length < MIN_PASSWORD_LENGTH) return { key: "settings:staff.errors.passwordShort", params: { min: MIN_PASSWORD_LENGTH, length: password.length } };
  if (password.length > MAX_PASSWORD_LENGTH) return { key: "settings:staff.errors.passwordLong", params: { max: MAX_PASSWORD_LENGTH } };
  if (password.trim() === "") return { key: "settings:staff.errors.passwordSpaces" };
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Constant-time check against a stored PHC string; a malformed hash counts as a mismatch. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the email is unknown so that the
 * response time does not reveal which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return dummyHash;
}

/** A password to show once to an admin: 20 URL-safe characters (~120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
