import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, refunds } from "~db/schema";
import { approveRequest, expireApprovals, listApprovals, rejectRequest } from "~/services/approvals/approvals.server";
import { mintRefundKey } from "~/services/refunds/keys.server";
import { requestRefund } from "~/services/refunds/request-refund.server";
import { makeStaff } from "./auth-helpers";
import { sandboxOrder, sandboxRefundCalls, sandboxRefunds, setLimit, useSandbox } from "./refunds-support";
import { useTestDb } from "../support/db";

const t = useTestDb();
const s = useSandbox();
const deps = () => ({ client: s.client, database: t.db });

async function people() {
  await setLimit(t.db, "support", 1_000_000_00n);
  await setLimit(t.db, "finance", 1_000_000_00n);
  const mk = async (role: "support" | "finance") => {
    const st = await makeStaff(t.db, role);
    return { id: st.id, email: st.email, role: st.role };
  };
  return { requester: await mk("finance"), approver: await mk("finance") };
}

async function pendingApproval(amount = 1_500_000_00n) {
  const { requester, approver } = await people();
  const order = await sandboxOrder(t.db, s.client, s.sb, { amount: 3_000_000_00n });
  const r = await requestRefund({ orderId: order.id, partnerRefundNo: mintRefundKey(), amount, reasonCode: "duplicate_payment", actor: requester }, deps());
  if (r.kind !== "awaiting_approval") throw new Error(`expected an approval, got ${r.kind}`);
  return { order, requester, approver, approvalId: r.approvalId, refund: r.refund };
}

describe("approvals", () => {
  it("the requester cannot approve their own request", async () => {
    const a = await pendingApproval();
    const res = await approveRequest({ approvalId: a.approvalId, actor: a.requester }, deps());
    expect(res).toEqual({ kind: "refused", message: "You cannot decide on your own request: another finance or admin user must." });
    const [row] = await t.db.select().from(approvals).where(eq(approvals.id, a.approvalId));
    expect(row!.status).toBe("pending");
  });

  it("approving sends exactly one refund with the same partnerRefundNo, even when approved twice at once", async () => {
    const a = await pendingApproval();
    const before = await sandboxRefundCalls(s.sb);
    const results = await Promise.all([
      approveRequest({ approvalId: a.approvalId, actor: a.approver }, deps()),
      approveRequest({ approvalId: a.approvalId, actor: a.approver }, deps()),
    ]);
    expect(results.filter((r) => r.kind === "approved")).toHaveLength(1);
    expect(results.find((r) => r.kind === "refused")).toMatchObject({ message: "This request was already approved." });
    expect(await sandboxRefundCalls(s.sb)).toBe(before + 1);
    const atGopay = await sandboxRefunds(s.client, a.order);
    expect(atGopay.map((r) => r.partnerRefundNo)).toEqual([a.refund.partnerRefundNo]);
    const [row] = await t.db.select().from(refunds).where(eq(refunds.id, a.refund.id));
    expect(row!.status).toBe("succeeded");
    const decided = await listApprovals(t.db, "decided");
    expect(decided.find((d) => d.id === a.approvalId)).toMatchObject({ status: "approved", deciderEmail: a.approver.email });
  });

  it("an expired request is refused, and the job marks it expired", async () => {
    const a = await pendingApproval();
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const res = await approveRequest({ approvalId: a.approvalId, actor: a.approver, now: later }, deps());
    expect(res).toMatchObject({ kind: "refused", message: expect.stringContaining("expired") });
    expect(await expireApprovals(t.db, later)).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.select().from(approvals).where(eq(approvals.id, a.approvalId));
    expect(row!.status).toBe("expired");
    const [rf] = await t.db.select().from(refunds).where(eq(refunds.id, a.refund.id));
    expect(rf!.status).toBe("expired");
  });

  it("reject needs a reason and frees nothing at GoPay", async () => {
    const a = await pendingApproval();
    expect(await rejectRequest({ approvalId: a.approvalId, actor: a.approver, reason: "" }, deps())).toMatchObject({ kind: "refused" });
    expect(await rejectRequest({ approvalId: a.approvalId, actor: a.approver, reason: "Not a duplicate" }, deps())).toEqual({ kind: "rejected" });
    const [rf] = await t.db.select().from(refunds).where(eq(refunds.id, a.refund.id));
    expect(rf!.status).toBe("rejected");
    expect(await sandboxRefunds(s.client, a.order)).toHaveLength(0);
  });
});
