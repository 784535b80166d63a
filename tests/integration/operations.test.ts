import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { operations } from "~db/schema";
import { GopayError } from "~/gopay/errors";
import { claimOperation, executeOperation, settleOperation } from "~/services/operations/operations.server";
import { registerResolver, resolveUnsettledOperations } from "~/services/operations/resolve.server";
import type { OperationKind } from "~/services/operations/kinds";
import { useTestDb } from "../support/db";

// why the casts: kinds that exist only in this test, to exercise the operation row and the resolve loop by themselves.
const TEST_OP = "test.op" as OperationKind;
const TEST_RESOLVABLE = "test.resolvable" as OperationKind;

const t = useTestDb();

describe("operations: one intent, one row, at most one call", () => {
  it("concurrent claims of one key create one row; only the creator calls", async () => {
    const key = `k-${Math.random()}`;
    const claims = await Promise.all(
      Array.from({ length: 20 }, () => claimOperation(t.db, { kind: TEST_OP, idempotencyKey: key, amount: 500n })),
    );
    expect(claims.filter((c) => c.created)).toHaveLength(1);
    expect(new Set(claims.map((c) => c.op.id)).size).toBe(1);
    const rowsForKey = await t.db.select().from(operations).where(eq(operations.idempotencyKey, key));
    expect(rowsForKey).toHaveLength(1);
  });

  it("records success, failure and unknown outcomes", async () => {
    const ok = await claimOperation(t.db, { kind: TEST_OP, idempotencyKey: "ok-1" });
    const r1 = await executeOperation(ok.op, async () => ({ responseCode: "2005800", amount: 10n }), {
      responseCodeOf: (r) => r.responseCode,
    });
    expect(r1.status).toBe("succeeded");
    expect(r1.op.responseCode).toBe("2005800");
    expect(r1.op.attempts).toBe(1);

    const bad = await claimOperation(t.db, { kind: TEST_OP, idempotencyKey: "bad-1" });
    const r2 = await executeOperation(bad.op, async () => {
      throw new GopayError({
        kind: "not_permitted",
        api: "snap",
        operation: "refund",
        message: "Exceeds Amount Limit",
        httpStatus: 403,
        responseCode: "4035802",
        retryable: false,
        outcomeUnknown: false,
      });
    });
    expect(r2).toMatchObject({ status: "failed", responseCode: "4035802" });

    const lost = await claimOperation(t.db, { kind: TEST_OP, idempotencyKey: "lost-1" });
    const r3 = await executeOperation(lost.op, async () => {
      throw new GopayError({
        kind: "timeout",
        api: "snap",
        operation: "refund",
        message: "timed out after 10000 ms",
        retryable: true,
        outcomeUnknown: true,
      });
    });
    expect(r3.status).toBe("unknown");
  });

  it("a settled row never changes again", async () => {
    const { op } = await claimOperation(t.db, { kind: TEST_OP, idempotencyKey: "mono-1" });
    await settleOperation(t.db, op.id, "succeeded", { responseCode: "2005800" });
    const again = await settleOperation(t.db, op.id, "failed", { errorMessage: "late" });
    expect(again).toBeUndefined();
    const [row] = await t.db.select().from(operations).where(eq(operations.id, op.id));
    expect(row?.status).toBe("succeeded");
  });

  it("unknown outcomes are settled by the kind's resolver (a status query), not a new submit", async () => {
    const { op } = await claimOperation(t.db, { kind: TEST_RESOLVABLE, idempotencyKey: "unk-1" });
    await settleOperation(t.db, op.id, "unknown", { errorMessage: "timeout" });
    const seen: string[] = [];
    registerResolver(TEST_RESOLVABLE, async (o) => {
      seen.push(o.idempotencyKey);
      return { status: "succeeded", responseCode: "2005500" };
    });
    const summary = await resolveUnsettledOperations({ staleMs: 0 });
    expect(seen).toContain("unk-1");
    expect(summary.succeeded).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.select().from(operations).where(eq(operations.id, op.id));
    expect(row?.status).toBe("succeeded");
  });
});
