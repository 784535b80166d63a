import { json, type ActionFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { db } from "~/db/client.server";
import { formatIdr, parseRupiah } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import { findOrderByOrderId } from "~/services/orders/order.server";
import { requestRefund } from "~/services/refunds/request-refund.server";

const PERMISSION = { refund: "orders:refund", cancel: "orders:cancel", resync: "orders:resync" } as const;

/**
 * The order page's action (exported by app/routes/_app.orders.$orderId.tsx), switched on
 * `intent`: parse, authorise, call the service, answer with field errors or a toast redirect.
 */
export async function orderAction({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!(intent in PERMISSION)) throw new Response("Unknown action.", { status: 400 });
  const staff = await requireStaff(request, PERMISSION[intent as keyof typeof PERMISSION]);
  const order = await findOrderByOrderId(db(), params.orderId ?? "");
  if (!order) throw new Response("Order not found.", { status: 404 });
  const here = `/orders/${encodeURIComponent(order.orderId)}`;
  const ip = clientIp(context);
  const actor = { id: staff.id, email: staff.email, role: staff.role };

  if (intent === "refund") {
    const amount = parseRupiah(String(form.get("amount") ?? ""));
    if (!amount.ok) return json({ ok: false, errors: { amount: amount.error } }, { status: 400 });
    const r = await requestRefund({
      orderId: order.id,
      partnerRefundNo: String(form.get("key") ?? ""),
      amount: amount.minor,
      reasonCode: String(form.get("reasonCode") ?? ""),
      reasonText: String(form.get("reasonText") ?? ""),
      actor,
      ip,
      confirmRepeat: form.get("confirmRepeat") === "yes",
    });
    if (r.kind === "rejected") return json({ ok: false, errors: { [r.field]: r.message }, repeat: r.repeat ?? false }, { status: 400 });
    if (r.kind === "awaiting_approval") {
      return redirectWithToast(here, { type: "info", title: "Sent for approval", description: `${formatIdr(r.refund.amount)} is above your limit: a finance user must approve it on /approvals.` });
    }
    const refund = r.kind === "replay" ? r.refund : r.outcome.refund;
    const status = r.kind === "replay" ? refund.status : r.outcome.status;
    if (status === "failed") return json({ ok: false, errors: { form: refund.failureMessage ?? "GoPay refused the refund." } }, { status: 400 });
    if (status === "succeeded") return redirectWithToast(here, { type: "success", title: "Refund sent", description: `${formatIdr(refund.amount)} refunded.` });
    if (status === "awaiting_approval") return redirectWithToast(here, { type: "info", title: "Already sent for approval" });
    return redirectWithToast(here, { type: "info", title: "Waiting for GoPay", description: "The outcome is not known yet; it is checked automatically." });
  }

  if (intent === "cancel") {
    const r = await cancelOrder({ orderId: order.id, key: String(form.get("key") ?? ""), actor, ip });
    if (r.kind === "cancelled") return redirectWithToast(here, { type: "success", title: "Order cancelled" });
    if (r.kind === "unknown") return redirectWithToast(here, { type: "info", title: "Waiting for GoPay", description: r.message });
    return json({ ok: false, errors: { form: r.message } }, { status: 400 });
  }

  try {
    const r = await resyncOrder({ orderId: order.id, actor, ip });
    return redirectWithToast(here, {
      type: "success",
      title: r.changed ? "Resynced: status updated" : "Resynced: no difference",
      description: r.changed ? `${r.before.status} → ${r.after.status} (GoPay ${r.gopayStatus})` : `GoPay says ${r.gopayStatus}; nothing to change.`,
    });
  } catch (err) {
    return json({ ok: false, errors: { form: `Could not reach GoPay: ${err instanceof Error ? err.message : String(err)}` } }, { status: 502 });
  }
}
