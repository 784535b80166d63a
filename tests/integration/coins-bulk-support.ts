import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { coinBatches, coinPayouts, coinSettings, customers } from "~db/schema";
import type { DbOrTx } from "~/db/client.server";
import { encryptSecret } from "~/lib/crypto.server";
import { checkBulkCsv } from "~/services/coins/bulk-check.server";
import { bytesOf } from "~/services/coins/bulk-csv.server";
import { approveBatch } from "~/services/coins/batch-approval.server";
import { submitBatch } from "~/services/coins/batch-submit.server";
import type { Sandbox } from "../../sandbox/server";
import { ensureTestEncryptionKey } from "./auth-helpers";
import { coinsControl } from "./coins-support";

/**
 * Bulk coin tests: many mini-app users made at the sandbox (POST /_sandbox/miniapp/users) and
 * stored as our customers with their tokens sealed; a CSV of them checked and submitted through the
 * real services; the sandbox's own ledger read back as the truth.
 */
export type BulkCustomer = { id: string; phone: string; merchantUserId: string; sandboxId: string };

export async function bulkCustomers(
  db: DbOrTx,
  sb: Sandbox,
  n: number,
  opts: { token?: boolean } = {},
): Promise<BulkCustomer[]> {
  ensureTestEncryptionKey();
  const users: { id: string; phone: string; name: string; authToken: string }[] = [];
  for (let left = n; left > 0; left -= 5_000)
    users.push(...(await coinsControl<typeof users>(sb, "/miniapp/users", { count: Math.min(left, 5_000) })));
  const out: BulkCustomer[] = [];
  for (let i = 0; i < users.length; i += 1_000) {
    const chunk = users.slice(i, i + 1_000).map((u) => ({
      merchantUserId: `MU-bulk-${randomUUID().slice(0, 13)}`,
      name: u.name,
      searchName: u.name.toLowerCase(),
      phone: u.phone,
      authTokenEnc: opts.token === false ? null : encryptSecret(u.authToken),
    }));
    const rows = await db
      .insert(customers)
      .values(chunk)
      .returning({ id: customers.id, phone: customers.phone, merchantUserId: customers.merchantUserId });
    rows.forEach((r, k) =>
      out.push({ id: r.id, phone: r.phone!, merchantUserId: r.merchantUserId!, sandboxId: users[i + k]!.id }),
    );
  }
  return out;
}

/** Limits roomy enough for a test's batch unless it says otherwise (rupiah × 100). */
export async function setCoinLimits(db: DbOrTx, over: Partial<typeof coinSettings.$inferInsert> = {}) {
  const v = {
    monthlyBudget: 1_000_000_000_00n,
    perRecipientCap: 0n,
    perPayoutCeiling: 0n,
    approvalThreshold: 0n,
    walletBalance: null,
    ...over,
  };
  await db
    .insert(coinSettings)
    .values({ id: 1, ...v })
    .onConflictDoUpdate({ target: coinSettings.id, set: v });
}

export function csvOf(rows: (string | number)[][], header = ["customer", "amount", "description"]): string {
  const cell = (c: string | number) => {
    const s = String(c);
    return /[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n") + "\n";
}

export const check = (db: DbOrTx, text: string | Uint8Array, now?: Date) =>
  checkBulkCsv(db, bytesOf(typeof text === "string" ? new TextEncoder().encode(text) : text), { now });

/** Checks, submits (as `submitter`) and approves (as `approver`) a CSV; returns the batch id. */
export async function approvedBatch(
  db: DbOrTx,
  text: string,
  submitter: { id: string; email: string },
  approver: { id: string; email: string },
) {
  const c = await check(db, text);
  if (!c.ok || !c.canSubmit)
    throw new Error(`cannot submit: ${JSON.stringify(c.ok ? c.errors.slice(0, 3) : c.fileError)}`);
  const s = await submitBatch(db, { check: c, filename: "test.csv", actor: submitter });
  if (s.kind !== "submitted") throw new Error(s.message);
  const d = await approveBatch(db, { approvalId: s.approvalId, actor: approver });
  if (d.kind !== "approved") throw new Error(JSON.stringify(d));
  return s.batchId;
}

export async function batchRows(db: DbOrTx, batchId: string) {
  return db.select().from(coinPayouts).where(eq(coinPayouts.batchId, batchId));
}

export async function batchRow(db: DbOrTx, batchId: string) {
  const [b] = await db.select().from(coinBatches).where(eq(coinBatches.id, batchId));
  return b!;
}

/**
 * GoPay's truth for a set of payouts: the sandbox's cashback ledger, and which Request-Id produced
 * each ledger entry (the sandbox keeps every Request-Id's first answer: that is its replay).
 */
export async function sandboxTruth(sb: Sandbox) {
  const m = await coinsControl<{
    cashbacks: { paymentId: string; customerId: string; rupiah: number }[];
    coinWalletRupiah: number;
  }>(sb, "/miniapp");
  const requestIdOf = new Map<string, string[]>();
  for (const [key, res] of Object.entries(sb.ctx.state.requestIds)) {
    const body = res.body as { success?: boolean; data?: { payment_id?: string } };
    const pid = body?.success ? body.data?.payment_id : undefined;
    if (!pid) continue;
    const rid = key.slice(key.indexOf("|") + 1);
    requestIdOf.set(pid, [...(requestIdOf.get(pid) ?? []), rid]);
  }
  return { cashbacks: m.cashbacks, wallet: m.coinWalletRupiah, requestIdOf };
}
