import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { orders, refunds, staff } from "~db/schema";
import { approveRequest, listApprovals } from "~/services/approvals/approvals.server";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund } from "~/services/refunds/request-refund.server";
import { makeStaff } from "./auth-helpers";
import { sandboxOrder, sandboxRefundCalls, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

/**
 * An approval that can no longer be honoured is flagged on /approvals (listApprovals' `problem`)
 * with the SAME sentence the approve path refuses with — the approver is told before clicking,
 * not after. Real database, real sandbox.
 */
const t = useTestDb();
const s = useSandbox();
const deps = () => ({ client: s.client, database: t.db });

async function person(role: "support" | "finance" | "admin") {
  const st = await makeStaff(t.db, role);
  return { id: st.id, email: st.email, role: st.role };
}

async function pending(amount = 1_500_000_00n) {
  await setLimit(t.db, "support", 500_000_00n);
  await setLimit(t.db, "admin", null);
  const requester = await person("support");
  const approver = await person("finance");
  const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 2_000_000_00n });
  const r = await requestRefund({ orderId: order.id, partnerRefundNo: mintRefundKey(), amount, reasonCode: "duplicate_payment", actor: requester }, deps());
  if (r.kind !== "awaiting_approval") throw new Error(`expected an approval, got ${r.kind}`);
  return { order, requester, approver, approvalId: r.approvalId };
}

const flagged = async (approvalId: string) => (await listApprovals(t.db, "pending")).find((a) => a.id === approvalId)?.problem;

describe("can an approval still be honoured?", () => {
  it("a request that still fits is not flagged, and approving it works", async () => {
    const a = await pending();
    expect(await flagged(a.approvalId)).toBeNull();
    expect(await approveRequest({ approvalId: a.approvalId, actor: a.approver }, deps())).toMatchObject({ kind: "approved" });
  });

  it("the order was refunded meanwhile: flagged with the sentence approving refuses with, and nothing is sent", async () => {
    const a = await pending(1_500_000_00n);
    const admin = await person("admin");
    const direct = await requestRefund({ orderId: a.order.id, partnerRefundNo: mintRefundKey(), amount: 1_000_000_00n, reasonCode: "customer_request", actor: admin }, deps());
    expect(direct).toMatchObject({ kind: "sent", outcome: { status: "succeeded" } });

    const problem = await flagged(a.approvalId);
    expect(problem).toBe("Cannot approve: Rp 1.500.000 no longer fits; at most Rp 1.000.000 can be refunded now.");
    const before = await sandboxRefundCalls(s.sb);
    expect(await approveRequest({ approvalId: a.approvalId, actor: a.approver }, deps())).toEqual({ kind: "refused", message: problem });
    expect(await sandboxRefundCalls(s.sb)).toBe(before);
  });

  it("the order can no longer be refunded at all (e.g. fully refunded or cancelled): flagged", async () => {
    const a = await pending();
    await t.db.update(orders).set({ status: "refunded" }).where(eq(orders.id, a.order.id));
    const problem = await flagged(a.approvalId);
    expect(problem).toBe("Cannot approve: A refunded order cannot be refunded.");
    expect(await approveRequest({ approvalId: a.approvalId, actor: a.approver }, deps())).toEqual({ kind: "refused", message: problem });
  });

  it("the requester was deactivated: flagged, and approving is refused with the same sentence", async () => {
    const a = await pending();
    await t.db.update(staff).set({ active: false }).where(eq(staff.id, a.requester.id));
    const problem = await flagged(a.approvalId);
    expect(problem).toBe(`${a.requester.email} was deactivated since asking: reject it, and refund again yourself if it is still owed.`);
    expect(await approveRequest({ approvalId: a.approvalId, actor: a.approver }, deps())).toEqual({ kind: "refused", message: problem });
    const [rf] = await t.db.select().from(refunds).where(eq(refunds.orderId, a.order.id));
    expect(rf!.status).toBe("awaiting_approval");
  });

  it("past its expiry but not yet swept by the job: flagged as expired", async () => {
    const a = await pending();
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const item = (await listApprovals(t.db, "pending", 100, later)).find((x) => x.id === a.approvalId);
    expect(item?.problem).toBe("This request expired (after 24 hours). Ask for a new refund.");
  });

  it("listed per order for the order page", async () => {
    const a = await pending();
    const other = await pending();
    const mine = await listApprovals(t.db, "pending", 20, new Date(), { orderUuid: a.order.id });
    expect(mine.map((x) => x.id)).toEqual([a.approvalId]);
    expect(mine.map((x) => x.id)).not.toContain(other.approvalId);
  });
});
