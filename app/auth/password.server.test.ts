import { describe, expect, it } from "vitest";
import { checkPasswordRules, generatePassword, hashPassword, passwordProblem, verifyPassword } from "./password.server";

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const h = await hashPassword("correct horse battery staple");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(h, "correct horse battery stapl")).toBe(false);
    // Salted: the same password hashes differently.
    expect(await hashPassword("correct horse battery staple")).not.toBe(h);
  });

  it("treats a malformed stored hash as a mismatch instead of throwing", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("requires 12 characters for new passwords, with a sentence that says so", () => {
    expect(passwordProblem("short")).toBe("Use at least 12 characters (this one has 5).");
    expect(passwordProblem("            ")).toMatch(/spaces/);
    expect(passwordProblem("twelve chars")).toBeNull();
    expect(passwordProblem(generatePassword())).toBeNull();
    expect(generatePassword()).not.toBe(generatePassword());
  });
});

describe("checkPasswordRules", () => {
  const key = (p: string, ctx = {}) => checkPasswordRules(p, ctx)?.key.replace("settings:staff.errors.", "") ?? null;

  it("bounds the length: 12 to 256", () => {
    expect(checkPasswordRules("a1b2c3d4e5f")).toEqual({ key: "settings:staff.errors.passwordShort", params: { min: 12, length: 11 } });
    expect(key("x".repeat(257))).toBe("passwordLong");
    expect(key("kopi tubruk pagi ".repeat(15).slice(0, 256))).toBeNull();
  });

  it("refuses the passwords the attacker tried first (issue 10) and other common ones", () => {
    expect(key("password1234")).toBe("passwordCommon");
    expect(key("Password1234")).toBe("passwordCommon");
    expect(key("aaaaaaaaaaaa")).toBe("passwordTrivial");
    expect(key("qwertyuiop123")).toBe("passwordCommon");
    expect(key("Sunshine2024!")).toBe("passwordCommon");
    expect(key("!!iloveyou!!2025")).toBe("passwordCommon");
    expect(key("abcabcabcabc")).toBe("passwordTrivial");
    expect(key("121212121212")).toBe("passwordTrivial");
    expect(key("123456789012")).toBe("passwordTrivial");
    expect(key("abcdefghijklm")).toBe("passwordTrivial");
    expect(key("aaaaaaaaaaab")).toBe("passwordTrivial");
  });

  it("refuses the email's name part and the person's name, whatever the case", () => {
    const ctx = { email: "budi.santoso@loket.test", name: "Budi Santoso" };
    expect(key("budi.santoso@loket.test", ctx)).toBe("passwordPersonal");
    expect(key("xx BUDI.SANTOSO xx", ctx)).toBe("passwordPersonal");
    expect(key("kopiSantoso77 pagi", ctx)).toBe("passwordPersonal");
    expect(key("ana-lovely-morning", { email: "ana@loket.test" })).toBe("passwordPersonal");
    // The name's short words are not refused everywhere they occur by chance.
    expect(key("kopi tubruk di pagi hari", { email: "al@loket.test", name: "Al Bo" })).toBeNull();
  });

  it("accepts passphrases and generated passwords", () => {
    expect(key("correct horse battery staple")).toBeNull();
    expect(key("kopi tubruk di pagi hari", { email: "budi@loket.test", name: "Budi" })).toBeNull();
    for (let i = 0; i < 50; i++) expect(key(generatePassword())).toBeNull();
  });
});
