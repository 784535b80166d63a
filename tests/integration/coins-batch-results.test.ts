import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, coinBatches, customers } from "~db/schema";
import { batchResultsCsv, RESULT_COLUMNS } from "~/services/coins/batch-view.server";
import { useTestDb } from "../support/db";
import { makeStaff } from "./auth-helpers";
import { insertPayout } from "./coins-support";

/**
 * /coins/batches/:id/results.csv: the descriptions come from the uploaded file (and the customer's
 * id from the merchant's records), so a cell a spreadsheet would run as a formula is written as
 * text, with a leading apostrophe; the numbers and the rest are written as they always were.
 */
const t = useTestDb();

describe("coin batch results CSV", () => {
  it("escapes formula cells from the upload (= + - @ tab first); LF lines, no BOM, numbers as numbers; audited", async () => {
    const fin = await makeStaff(t.db, "finance");
    const [c] = await t.db
      .insert(customers)
      .values({ merchantUserId: "@mu-results", name: "Siti", searchName: "siti", phone: "6281200000001" })
      .returning();
    const [b] = await t.db
      .insert(coinBatches)
      .values({ filename: "payouts.csv", rowCount: 6, totalAmount: 60_000_00n, submittedBy: fin.id })
      .returning();
    const descriptions = ['=HYPERLINK("http://evil","Klik")', "+1+1", "-1+1", "@SUM(A1)", "\tcmd", "Terima kasih, ya"];
    const payouts = [];
    for (const [i, description] of descriptions.entries())
      payouts.push(
        await insertPayout(t.db, {
          customerId: c!.id,
          batchId: b!.id,
          line: i + 2,
          description,
          amount: 10_000_00n,
          errorMessage: i === 0 ? "=1+1" : null,
        }),
      );

    const text = await new Response((await batchResultsCsv(t.db, b!.id, { id: fin.id, email: fin.email }))!).text();
    const lines = text.split("\n");
    expect(lines[0]).toBe(RESULT_COLUMNS.join(","));
    expect(lines[1]).toBe(
      `2,${c!.id},'@mu-results,6281200000001,10000,"'=HYPERLINK(""http://evil"",""Klik"")",queued,${payouts[0]!.requestId},,,'=1+1,0,`,
    );
    expect(lines.at(-1)).toBe("");
    const rows = parse(text, { columns: true }) as Record<(typeof RESULT_COLUMNS)[number], string>[];
    expect(rows.map((r) => r.description)).toEqual([
      `'=HYPERLINK("http://evil","Klik")`,
      "'+1+1",
      "'-1+1",
      "'@SUM(A1)",
      "'\tcmd",
      "Terima kasih, ya",
    ]);
    expect(rows.map((r) => r.line)).toEqual(["2", "3", "4", "5", "6", "7"]);
    expect(rows[5]).toMatchObject({ amount: "10000", attempts: "0", error_message: "", paid_at_wib: "" });
    expect(
      await t.db.select().from(auditLog).where(eq(auditLog.action, "coins.batch.export")),
    ).toHaveLength(1);
  });
});
