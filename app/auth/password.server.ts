import { hash, verify, type Options } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import { dictionary as commonDictionary } from "@zxcvbn-ts/language-common";
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
/** RFC 5321's limit on a forward path; every form that takes an email bounds it to this. */
export const MAX_EMAIL_LENGTH = 254;

// The ~49,000 most common passwords (zxcvbn's list, shipped in the package: no network lookup).
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(commonDictionary.passwords.map((p: string) => p.toLowerCase()));
  return common;
}

/** `aaaaaaaaaaaa`, `abcabcabcabc`, `121212121212`: a unit of up to 4 characters said again and again. */
function isRepeat(p: string): boolean {
  for (let unit = 1; unit <= 4; unit++) {
    if (p.length % unit === 0 && p.slice(0, unit).repeat(p.length / unit) === p) return true;
  }
  return new Set(p).size <= 3;
}

/** `abcdefghijkl`, `123456789012`, `zyxwvutsrqpo`: every step one up (or one down), digits wrapping. */
function isSequence(p: string): boolean {
  const step = (a: string, b: string) => {
    if (/\d/.test(a) && /\d/.test(b)) return (Number(b) - Number(a) + 10) % 10 === 1 ? 1 : (Number(a) - Number(b) + 10) % 10 === 1 ? -1 : 0;
    return b.charCodeAt(0) - a.charCodeAt(0);
  };
  const first = step(p[0]!, p[1]!);
  if (Math.abs(first) !== 1) return false;
  for (let i = 1; i < p.length - 1; i++) if (step(p[i]!, p[i + 1]!) !== first) return false;
  return true;
}

/** Common with decoration: `Sunshine2024!` is `sunshine` plus digits and a symbol. */
function isCommon(lower: string): boolean {
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, "");
  return core.length >= 4 && (list.has(core) || list.has(core.replace(/\s+/g, "")));
}

/** The person's own words: the email's name part, and each word (4+ letters) of it and of their name. */
function personalWords(ctx: { email?: string | null; name?: string | null }): string[] {
  const local = (ctx.email ?? "").trim().toLowerCase().split("@")[0]!.split("+")[0]!;
  const words = new Set<string>();
  if (local.length >= 3) words.add(local);
  for (const w of [...local.split(/[^\p{L}\p{N}]+/u), ...(ctx.name ?? "").toLowerCase().split(/[^\p{L}\p{N}]+/u)]) {
    if (w.length >= 4) words.add(w);
  }
  return [...words];
}

/**
 * The rules for a new password, as the translation key for the field error (null = acceptable):
 * 12–256 characters, not only spaces, not a repeat or a run (`aaaaaaaaaaaa`, `123456789012`), not on
 * the common-password list (also with digits or symbols around it), and without the email's name
 * part or the person's name in it (case-insensitive).
 */
export function checkPasswordRules(password: string, ctx: { email?: string | null; name?: string | null } = {}): Words | null {
  if (password.length < MIN_PASSWORD_LENGTH) return { key: "settings:staff.errors.passwordShort", params: { min: MIN_PASSWORD_LENGTH, length: password.length } };
  if (password.length > MAX_PASSWORD_LENGTH) return { key: "settings:staff.errors.passwordLong", params: { max: MAX_PASSWORD_LENGTH } };
  if (password.trim() === "") return { key: "settings:staff.errors.passwordSpaces" };
  const lower = password.toLowerCase();
  if (isRepeat(lower) || isSequence(lower)) return { key: "settings:staff.errors.passwordTrivial" };
  if (isCommon(lower)) return { key: "settings:staff.errors.passwordCommon" };
  if (personalWords(ctx).some((w) => lower.includes(w))) return { key: "settings:staff.errors.passwordPersonal" };
  return null;
}

const ENGLISH: Record<string, (p: Record<string, string | number>) => string> = {
  "settings:staff.errors.passwordShort": (p) => `Use at least ${p.min} characters (this one has ${p.length}).`,
  "settings:staff.errors.passwordLong": (p) => `Use at most ${p.max} characters.`,
  "settings:staff.errors.passwordSpaces": () => "The password cannot be only spaces.",
  "settings:staff.errors.passwordTrivial": () => "The password cannot be one character or a short pattern repeated, or a run like 123456789012.",
  "settings:staff.errors.passwordCommon": () => "This password is on a list of commonly used passwords. Choose another one.",
  "settings:staff.errors.passwordPersonal": () => "The password cannot contain the email address or the person's name.",
};

/** checkPasswordRules' answer as an English sentence (services' messages, logs, tests). */
export function passwordProblem(password: string, ctx: { email?: string | null; name?: string | null } = {}): string | null {
  const words = checkPasswordRules(password, ctx);
  return words ? ENGLISH[words.key]!(words.params ?? {}) : null;
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
