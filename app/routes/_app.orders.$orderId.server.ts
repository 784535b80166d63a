import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { clientIp } from "~/auth/request-meta.server";
import { db } from "~/db/client.server";
import { defineAction, parseAction, replyOutcome } from "~/lib/action.server";
import { formatIdr, rupiahField } from "~/lib/money";
import type { MoneyOutcome } from "~/lib/outcome";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import { findOrderByOrderId } from "~/services/orders/order.server";
import { requestRefund, type RequestRefundResult } from "~/services/refunds/request-refund.server";

/** The order page's action (exported by app/routes/_app.orders.$orderId.tsx). */
const OrderAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("refund"),
      key: z.string().max(64).default(""),
      amount: rupiahField({ positive: true }),
      reasonCode: z.string().max(64).default(""),
      reasonText: z.string().max(2000).default(""),
      confirmRepeat: z.literal("yes").optional(),
    }),
    z.object({ intent: z.literal("cancel"), key: z.string().max(64).default("") }),
    z.object({ intent: z.literal("resync") }),
  ]),
  { refund: "orders:refund", cancel: "orders:cancel", resync: "orders:resync" },
);

export async function orderAction({ request, params, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, OrderAction);
  if (!parsed.ok) return parsed.reply;
  const { staff, input } = parsed;
  const order = await findOrderByOrderId(db(), params.orderId ?? "");
  if (!order) throw new Response("Order not found.", { status: 404 });
  const to = `/orders/${encodeURIComponent(order.orderId)}`;
  const ip = clientIp(context);
  const actor = { id: staff.id, email: staff.email, role: staff.role };

  switch (input.intent) {
    case "refund": {
      const r = await requestRefund({
        orderId: order.id,
        partnerRefundNo: input.key,
        amount: input.amount,
        reasonCode: input.reasonCode,
        reasonText: input.reasonText,
        actor,
        ip,
        confirmRepeat: input.confirmRepeat === "yes",
      });
      return replyOutcome(refundOutcome(r), { to, intent: input.intent });
    }
    case "cancel":
      return replyOutcome(await cancelOrder({ orderId: order.id, key: input.key, actor, ip }), { to, intent: input.intent });
    case "resync":
      return replyOutcome(await resync(order.id, actor, ip), { to, intent: input.intent });
  }
}

/** requestRefund's answer in the one outcome vocabulary. */
function refundOutcome(r: RequestRefundResult): MoneyOutcome {
  if (r.kind === "rejected") return { status: "refused", field: r.field, message: r.message, ...(r.repeat ? { repeat: true as const } : {}) };
  if (r.kind === "awaiting_approval") {
    return { status: "awaiting_approval", title: "Sent for approval", description: `${formatIdr(r.refund.amount)} is above your limit: a finance user must approve it on /approvals.` };
  }
  const refund = r.kind === "replay" ? r.refund : r.outcome.refund;
  const status = r.kind === "replay" ? refund.status : r.outcome.status;
  switch (status) {
    case "succeeded":
      return { status: "succeeded", title: "Refund sent", description: `${formatIdr(refund.amount)} refunded.` };
    case "failed":
      return { status: "failed", title: "GoPay refused the refund", description: refund.failureMessage ?? undefined };
    case "awaiting_approval":
      return { status: "awaiting_approval", title: "Already sent for approval" };
    default:
      return { status: "unknown", title: "Waiting for GoPay", description: "The outcome is not known yet; it is checked automatically." };
  }
}

async function resync(orderId: string, actor: { id: string; email: string }, ip: string | null | undefined): Promise<MoneyOutcome> {
  try {
    const r = await resyncOrder({ orderId, actor, ip });
    return {
      status: "succeeded",
      title: r.changed ? "Resynced: status updated" : "Resynced: no difference",
      description: r.changed ? `${r.before.status} → ${r.after.status} (GoPay ${r.gopayStatus})` : `GoPay says ${r.gopayStatus}; nothing to change.`,
    };
  } catch (err) {
    // A status query changes nothing at GoPay: not reaching it is a plain failure, not an unknown.
    return { status: "failed", title: "Could not reach GoPay", description: err instanceof Error ? err.message : String(err) };
  }
}
