import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from "./password.server";

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
