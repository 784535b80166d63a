import { describe, expect, it } from "vitest";
import { demoTotpSecret, generateTotpSecret, stepAt, TOTP_STEP_SECONDS, totpCode, totpCodeForStep, verifyTotp } from "./totp.server";

const secret = generateTotpSecret();
const STEP_MS = TOTP_STEP_SECONDS * 1000;
const at = (step: number, offsetMs = 0) => step * STEP_MS + offsetMs;

describe("TOTP (RFC 6238 through otplib)", () => {
  it("matches the RFC 6238 SHA-1 test vector (secret '12345678901234567890', T = 59 s → 94287082, 6 digits: 287082)", () => {
    // base32 of the ASCII secret "12345678901234567890"
    expect(totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000)).toBe("287082");
  });

  it("accepts a code one step either side of now, and says which step it belongs to", () => {
    const s = 60_000_000;
    const code = totpCodeForStep(secret, s);
    expect(verifyTotp(secret, code, at(s, 1_000))).toEqual({ step: s });
    expect(verifyTotp(secret, code, at(s + 1, 29_000))).toEqual({ step: s }); // the phone is a step behind
    expect(verifyTotp(secret, code, at(s - 1, 1_000))).toEqual({ step: s }); // …or a step ahead
  });

  it("refuses a code two steps away, a wrong code, and anything not six digits", () => {
    const s = 60_000_100;
    const code = totpCodeForStep(secret, s);
    expect(verifyTotp(secret, code, at(s + 2))).toBeNull();
    expect(verifyTotp(secret, code, at(s - 2))).toBeNull();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(verifyTotp(secret, wrong, at(s))).toBeNull();
    for (const bad of ["", "12345", "1234567", "abcdef", `${code}0`]) expect(verifyTotp(secret, bad, at(s))).toBeNull();
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at(s))).toEqual({ step: s }); // typed with a space
  });

  it("single use: a code names one step, so the store's 'only a later step' rule refuses it the second time", () => {
    const s = 60_000_200;
    const code = totpCodeForStep(secret, s);
    const first = verifyTotp(secret, code, at(s))!;
    const again = verifyTotp(secret, code, at(s, 20_000))!;
    expect(again.step).toBe(first.step);
    const lastAccepted = first.step;
    expect(again.step > lastAccepted).toBe(false); // what checkSecondFactor's UPDATE … WHERE last_step < step refuses
    expect(verifyTotp(secret, totpCodeForStep(secret, s + 1), at(s))!.step > lastAccepted).toBe(true);
  });

  it("stepAt: 30-second steps", () => {
    expect(stepAt(at(7, 29_999))).toBe(7);
    expect(stepAt(at(8))).toBe(8);
  });

  it("demo secrets: deterministic per seed and account, different across accounts and seeds, valid base32", () => {
    const a = demoTotpSecret("seed-one-0123456789", "finance@loket.test");
    expect(a).toBe(demoTotpSecret("seed-one-0123456789", "FINANCE@loket.test"));
    expect(a).not.toBe(demoTotpSecret("seed-one-0123456789", "admin@loket.test"));
    expect(a).not.toBe(demoTotpSecret("seed-two-0123456789", "finance@loket.test"));
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(verifyTotp(a, totpCode(a, at(5)), at(5))).toEqual({ step: 5 });
  });
});
