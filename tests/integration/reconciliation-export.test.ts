import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "~db/schema";
import { rows } from "~/db/rows.server";
import { loader } from "~/routes/_app.finance.reconciliation_.export[.csv]";
import { useTestDb } from "../support/db";
import { insertOrders } from "../support/factories";
import { get, makeStaff } from "./auth-helpers";

/**
 * /finance/reconciliation/export.csv: a run's differences as on the page (kind and status filters),
 * over more than one batch of 1,000, with a BOM first and the header once. The order ids and GoPay's
 * statuses come from outside (the merchant's order ids, GoPay's answers): a cell a spreadsheet would
 * run as a formula is written as text with a leading apostrophe.
 */
const t = useTestDb();

async function csvOf(path: string, cookie: string) {
  const res = (await loader({ request: get(path, cookie), params: {}, context: { cspNonce: "", clientIp: "127.0.0.1" } })) as Response;
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
  // why: Response.text() drops a BOM; read the bytes to see it.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { text, records: parse(text, { bom: true }) as string[][] };
}

describe("reconciliation CSV export", () => {
  it("streams the filtered differences over several batches, BOM and header once, formula cells escaped; audited", async () => {
    const fin = await makeStaff(t.db, "finance");
    const made = await insertOrders(t.db, [
      { orderId: '=HYPERLINK("http://evil","Klik")' },
      ...Array.from({ length: 1_099 }, (_, i) => ({ orderId: `RECON-CSV-${String(i).padStart(4, "0")}` })),
    ]);
    const [run] = await rows<{ id: string }>(
      t.db,
      sql`insert into recon_runs (range_from, range_to, status) values ('2026-03-10', '2026-03-10', 'completed') returning id`,
    );
    const ids = `{${made.map((o) => o.id).join(",")}}`;
    await t.db.execute(sql`
      insert into recon_differences (run_id, order_id, kind, fingerprint, details)
      select ${run!.id}::uuid, o, case when n = 1 then 'status_behind' when n % 2 = 0 then 'refund_missing_in_loket' else 'status_behind' end,
             'csv-' || o, jsonb_build_object('gopayStatus', case when n = 1 then '@SUM(A1)' else 'settlement' end, 'loketStatus', 'pending')
        from unnest(${ids}::uuid[]) with ordinality as u(o, n)`);

    const all = await csvOf(`/finance/reconciliation/export.csv?run=${run!.id}`, fin.cookie);
    expect(all.text.startsWith("\uFEFForder_id,channel,kind,status,gopay_status,loket_status,details,")).toBe(true);
    expect(all.text.match(/\uFEFF/g)).toHaveLength(1);
    expect(all.records[0]![0]).toBe("order_id");
    expect(all.records.filter((r) => r[0] === "order_id")).toHaveLength(1);
    expect(all.records).toHaveLength(1 + 1_100);
    const evil = all.records.find((r) => r[0]!.includes("HYPERLINK"))!;
    expect(evil[0]).toBe(`'=HYPERLINK("http://evil","Klik")`);
    expect(evil[4]).toBe("'@SUM(A1)");
    expect(JSON.parse(evil[6]!)).toMatchObject({ gopayStatus: "@SUM(A1)" });

    const refunds = await csvOf(`/finance/reconciliation/export.csv?run=${run!.id}&kind=refund_missing_in_loket`, fin.cookie);
    expect(refunds.records.slice(1).map((r) => r[2])).toEqual(Array(550).fill("refund_missing_in_loket"));

    const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, "reconciliation.export"));
    expect(audited).toHaveLength(2);
    expect(audited.every((a) => a.targetId === run!.id)).toBe(true);
  });
});
