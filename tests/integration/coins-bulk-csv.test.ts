import { describe, expect, it } from "vitest";
import { bulkCustomers, check, csvOf, setCoinLimits } from "./coins-bulk-support";
import { useCoinsSandbox } from "./coins-support";
import { insertPayout } from "./coins-support";
import { useTestDb } from "../support/db";
import { submitBatch } from "~/services/coins/batch-submit.server";
import { makeStaff } from "./auth-helpers";

const t = useTestDb();
const s = useCoinsSandbox();

const codes = (c: Awaited<ReturnType<typeof check>>) =>
  c.ok ? c.errors.map((e) => [e.line, e.code]) : c.fileError.code;

describe("bulk CSV check (nothing saved; every problem at its line)", () => {
  it("names each problem with its line and reason: unknown customer, no token, amounts, ceiling, cap, description, duplicates; warns on a recent payout", async () => {
    await setCoinLimits(t.db, { perPayoutCeiling: 100_000_00n, perRecipientCap: 150_000_00n });
    const [a, b, c, d, e, f] = await bulkCustomers(t.db, s.sb, 6);
    const [noToken] = await bulkCustomers(t.db, s.sb, 1, { token: false });
    // d already has Rp 100.000 this month (queued); f was paid 10 days ago (a warning only).
    await insertPayout(t.db, { customerId: d!.id, amount: 100_000_00n, status: "queued" });
    await insertPayout(t.db, {
      customerId: f!.id,
      amount: 1_000_00n,
      status: "paid",
      paidAt: new Date(Date.now() - 10 * 86_400_000),
      createdAt: new Date(Date.now() - 10 * 86_400_000),
    });
    const text = csvOf([
      [a!.id, "10.000", "Thanks"], // 2 ok
      ["no-such-customer", "10.000", "x"], // 3 unknown
      [noToken!.merchantUserId, "10.000", "x"], // 4 no token
      [b!.phone, "1,5", "x"], // 5 not whole (the one parser's words)
      [c!.merchantUserId, "0", "x"], // 6 not positive
      [e!.id, "Rp 150.000", "x"], // 7 over the ceiling
      [d!.id, "60.000", "x"], // 8 over the month cap (100k + 60k > 150k)
      [b!.id, "5.000", "y".repeat(257)], // 9 description too long
      [`0${a!.phone.slice(2)}`, "5.000", "again"], // 10 same customer as line 2 (by phone, written 08…)
      [f!.id, "5.000", "Again"], // 11 ok with a warning
      [b!.id, "abc", ""], // 12 amount + description missing
    ]);
    const r = await check(t.db, text);
    if (!r.ok) throw new Error(r.fileError.message);
    expect(codes(r)).toEqual([
      [3, "customerUnknown"],
      [4, "noToken"],
      [5, "amount"],
      [6, "amountZero"],
      [7, "overCeiling"],
      [8, "overCap"],
      [9, "descriptionTooLong"],
      [10, "duplicate"],
      [12, "amount"],
      [12, "descriptionMissing"],
    ]);
    expect(r.errors.find((x) => x.line === 5)!.money).toEqual({ code: "whole", params: { amount: "1" } });
    expect(r.errors.find((x) => x.line === 10)!.params).toEqual({ first: 2 });
    expect(r.errors.find((x) => x.line === 8)!.params).toMatchObject({
      already: "10000000",
      cap: "15000000",
    });
    expect(r.warnings.map((w) => [w.line, w.code])).toEqual([[11, "paidRecently"]]);
    expect(r.canSubmit).toBe(false);
    expect(r.totals).toMatchObject({ rows: 2, total: 15_000_00n });
    // Cannot be saved while it has problems.
    const st = await makeStaff(t.db, "finance");
    expect((await submitBatch(t.db, { check: r, filename: "x.csv", actor: st })).kind).toBe("refused");
  });

  it("totals against the wallet and what is left of the month's budget: over either cannot be submitted, with the numbers", async () => {
    const cs = await bulkCustomers(t.db, s.sb, 3);
    const text = csvOf(cs.map((x) => [x.id, "50.000", "Promo"]));
    await setCoinLimits(t.db, { monthlyBudget: 1_000_000_000_00n, walletBalance: 120_000_00n });
    let r = await check(t.db, text);
    if (!r.ok) throw new Error("check");
    expect(r.totals).toMatchObject({
      rows: 3,
      total: 150_000_00n,
      walletBalance: 120_000_00n,
      overWallet: true,
      overBudget: false,
    });
    expect(r.canSubmit).toBe(false);
    await setCoinLimits(t.db, { monthlyBudget: 0n, walletBalance: 1_000_000_00n });
    const used = r.totals.monthUsed;
    await setCoinLimits(t.db, { monthlyBudget: used + 100_000_00n, walletBalance: 1_000_000_00n });
    r = await check(t.db, text);
    if (!r.ok) throw new Error("check");
    expect(r.totals).toMatchObject({ budgetRemaining: 100_000_00n, overBudget: true, overWallet: false });
    expect(r.canSubmit).toBe(false);
    await setCoinLimits(t.db, { monthlyBudget: used + 150_000_00n, walletBalance: 1_000_000_00n });
    r = await check(t.db, text);
    expect(r.ok && r.canSubmit).toBe(true);
  });

  it("files: BOM and semicolons accepted; UTF-16, Latin-1, binary, a wrong header, too many rows, too large, empty are refused clearly", async () => {
    await setCoinLimits(t.db);
    const [a] = await bulkCustomers(t.db, s.sb, 1);
    const ok = await check(t.db, `\uFEFFCustomer;Amount;Description\n${a!.id};"10.000";Terima kasih\n`);
    expect(ok.ok && ok.errorCount === 0 && ok.totals.total === 10_000_00n).toBe(true);
    const utf16 = Buffer.from(`\uFEFFcustomer,amount,description\n`, "utf16le");
    expect(codes(await check(t.db, new Uint8Array(utf16)))).toBe("encoding");
    expect(
      codes(
        await check(
          t.db,
          new Uint8Array(Buffer.from("customer,amount,description\nx,1000,Caf\xe9\n", "latin1")),
        ),
      ),
    ).toBe("encoding");
    expect(codes(await check(t.db, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00])))).toBe("binary");
    expect(codes(await check(t.db, "name,value\nx,1\n"))).toBe("header");
    expect(codes(await check(t.db, ""))).toBe("empty");
    expect(codes(await check(t.db, "customer,amount,description\n"))).toBe("empty");
    const { checkBulkCsv } = await import("~/services/coins/bulk-check.server");
    const { bytesOf } = await import("~/services/coins/bulk-csv.server");
    const many = new TextEncoder().encode(
      csvOf(Array.from({ length: 11 }, (_, i) => [`c${i}`, "1000", "x"])),
    );
    expect(codes(await checkBulkCsv(t.db, bytesOf(many), { maxRows: 10 }))).toBe("tooManyRows");
    expect(codes(await checkBulkCsv(t.db, bytesOf(many), { maxBytes: 100 }))).toBe("tooLarge");
  });
});
