import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIdr, MAX_TRANSACTION_MINOR, MAX_TRANSACTION_RUPIAH, parseRupiah, rupiahField } from "./money";

const ok = (text: string) => {
  const r = parseRupiah(text);
  if (!r.ok) throw new Error(`${JSON.stringify(text)} refused: ${r.error}`);
  return r.minor;
};
const refused = (text: string) => {
  const r = parseRupiah(text);
  if (r.ok) throw new Error(`${JSON.stringify(text)} accepted as ${r.minor}`);
  return r.error;
};

describe("parseRupiah: whole rupiah, id-ID grouping", () => {
  it.each([
    ["150000", 15_000_000n],
    ["150.000", 15_000_000n],
    ["Rp 150.000", 15_000_000n],
    ["Rp150.000", 15_000_000n],
    ["Rp. 150.000", 15_000_000n],
    ["rp 150000", 15_000_000n],
    ["IDR 150000", 15_000_000n],
    ["  150.000  ", 15_000_000n],
    ["150 000", 15_000_000n],
    ["1 500 000", 150_000_000n],
    ["150\u00a0000", 15_000_000n],
    ["Rp 150.000,-", 15_000_000n],
    ["1.000.000", 100_000_000n],
    ["1", 100n],
    ["0", 0n],
    ["007", 700n],
    ["99.999.999.999", MAX_TRANSACTION_MINOR],
  ])("%j → %s minor units", (text, minor) => {
    expect(ok(text)).toBe(minor);
  });

  it("always returns whole rupiah (minor units divisible by 100)", () => {
    for (const t of ["1", "150.000", "Rp 12.345", "99999999999"]) expect(ok(t) % 100n).toBe(0n);
  });
});

describe("parseRupiah: sen are refused with what was probably meant", () => {
  it.each([
    ["1,5", "Rupiah are whole: did you mean 1?"],
    ["1,50", "Rupiah are whole: did you mean 1?"],
    ["150.000,00", "Rupiah are whole: did you mean 150.000?"],
    ["Rp 1.500,5", "Rupiah are whole: did you mean 1.500?"],
    ["150000,75", "Rupiah are whole: did you mean 150.000?"],
    ["150.00", "Rupiah are whole: did you mean 150?"],
    ["1.5", "Rupiah are whole: did you mean 1?"],
    ["1,500.50", "Rupiah are whole: did you mean 1.500?"],
  ])("%j → %j", (text, message) => {
    expect(refused(text)).toBe(message);
  });

  it("a comma before three digits is English grouping: asks rather than guessing 1,5 or 1500", () => {
    expect(refused("1,500")).toBe("Dots group thousands in rupiah: did you mean 1.500?");
    expect(refused("1,500,000")).toBe("Dots group thousands in rupiah: did you mean 1.500.000?");
    expect(refused("Rp 150,000")).toBe("Dots group thousands in rupiah: did you mean 150.000?");
  });
});

describe("parseRupiah: refusals, never a throw", () => {
  const ceiling = `That is more than GoPay moves in one transaction (at most ${formatIdr(MAX_TRANSACTION_MINOR)}).`;

  it("the ceiling is GoPay's maximum transaction amount, Rp 99.999.999.999", () => {
    expect(MAX_TRANSACTION_RUPIAH).toBe(99_999_999_999n);
    expect(formatIdr(MAX_TRANSACTION_MINOR)).toBe("Rp 99.999.999.999");
    expect(refused("100.000.000.000")).toBe(ceiling);
    expect(refused("100000000000")).toBe(ceiling);
  });

  it("19 and 40 digits are above the ceiling, not an overflow", () => {
    expect(refused("9".repeat(19))).toBe(ceiling);
    expect(refused("1234567890123456789")).toBe(ceiling);
    expect(refused("9".repeat(40))).toBe(ceiling);
    expect(refused("9".repeat(400))).toBe(ceiling);
    expect(refused(`${"9".repeat(19)},5`)).toBe(ceiling);
    expect(refused("9,999,999,999,999,999,999")).toBe(ceiling);
  });

  it("negatives say the positive amount", () => {
    expect(refused("-5000")).toBe("Amounts are positive: did you mean 5.000?");
    expect(refused("-Rp 5.000")).toBe("Amounts are positive: did you mean 5.000?");
    expect(refused("Rp -5.000")).toBe("Amounts are positive: did you mean 5.000?");
    expect(refused("−5.000")).toBe("Amounts are positive: did you mean 5.000?");
  });

  it.each(["", "   ", "Rp", "Rp."])("empty %j asks for an amount", (text) => {
    expect(refused(text)).toBe("Enter an amount in rupiah, e.g. 150.000.");
  });

  it.each([".500", "abc", "150rb", "1e5", "0x10", "١٢٣", "150k", "12-3", "x".repeat(500)])("not digits: %j", (text) => {
    expect(refused(text)).toBe("Use rupiah digits, e.g. 150.000 or 150000.");
  });

  it.each(["1.50.000", "15.00.00", "150.", "1..000", "1 5", "15 00"])("bad grouping: %j", (text) => {
    expect(refused(text)).toBe("Use rupiah digits, grouped by dots: e.g. 150.000 or 150000.");
  });
});

describe("rupiahField (zod)", () => {
  const Form = z.object({ amount: rupiahField({ positive: true }), limit: rupiahField({ optional: true }) });

  it("parses to bigint minor units", () => {
    expect(Form.parse({ amount: "Rp 150.000", limit: "" })).toEqual({ amount: 15_000_000n, limit: null });
    expect(Form.parse({ amount: "1", limit: "0" })).toEqual({ amount: 100n, limit: 0n });
  });

  it("puts the parser's sentence at the field", () => {
    const r = Form.safeParse({ amount: "1,5", limit: "9".repeat(40) });
    expect(r.success).toBe(false);
    const issues = r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["amount", "Rupiah are whole: did you mean 1?"],
      ["limit", "That is more than GoPay moves in one transaction (at most Rp 99.999.999.999)."],
    ]);
  });

  it("positive refuses zero; a missing or non-string value is an issue, not a throw", () => {
    expect(Form.safeParse({ amount: "0", limit: "" }).error?.issues[0]?.message).toBe("The amount must be more than Rp 0.");
    expect(Form.safeParse({ limit: "" }).error?.issues[0]?.message).toBe("Enter an amount in rupiah, e.g. 150.000.");
    expect(Form.safeParse({ amount: 5, limit: "" }).success).toBe(false);
  });

  it("max narrows the ceiling", () => {
    const f = rupiahField({ max: 50_000_00n });
    expect(f.safeParse("50.001").error?.issues[0]?.message).toBe("At most Rp 50.000.");
    expect(f.parse("50.000")).toBe(5_000_000n);
  });
});
