import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { clientIp } from "~/auth/request-meta.server";
import { db } from "~/db/client.server";
import { defineAction, parseAction, replyOutcome, requestT } from "~/lib/action.server";
import { formatIdr, rupiahField } from "~/lib/money";
import type { MoneyOutcome } from "~/lib/outcome";
import { translateOutcome, translateSentence, wordsOf } from "~/lib/sentences";
import { captureHold, releaseHold } from "~/services/holds/actions.server";
import { HOLD_INTENT_PERMISSIONS, HOLD_INTENTS } from "~/services/holds/intents";
import { holdOutcome } from "~/services/holds/outcome";
import { cancelOrder } from "~/services/orders/actions/cancel.server";
import { gopayStatusWord } from "~/services/orders/timeline-groups";
import { resyncOrder } from "~/services/orders/actions/resync.server";
import { findOrderByOrderId, isHoldOfOrder } from "~/services/orders/order.server";
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
    // A pre-auth order's hold, captured or released from its page as on /holds (the same service).
    ...HOLD_INTENTS,
  ]),
  { refund: "orders:refund", cancel: "orders:cancel", resync: "orders:resync", ...HOLD_INTENT_PERMISSIONS },
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
  // The toasts and refusals in the staff member's language (the services answer in English).
  const t = await requestT(request);

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
      return replyOutcome(refundOutcome(r, t), { to, intent: input.intent, t });
    }
    case "cancel":
      return replyOutcome(inWords(await cancelOrder({ orderId: order.id, key: input.key, actor, ip })), { to, intent: input.intent, t });
    case "resync":
      return replyOutcome(await resync(order.id, actor, ip), { to, intent: input.intent, t });
    case "capture":
    case "release": {
      // Only this order's hold: a form posted here with another order's hold id is refused, not acted on.
      if (!(await isHoldOfOrder(db(), input.holdId, order.id))) return replyOutcome(translateOutcome(t, holdOutcome({ status: "refused", message: "This hold no longer exists." })), { to, intent: input.intent });
      const holdActor = { id: staff.id, label: staff.email };
      const res = input.intent === "capture" ? await captureHold({ ...input, actor: holdActor }) : await releaseHold({ ...input, actor: holdActor });
      return replyOutcome(translateOutcome(t, holdOutcome(res)), { to, intent: input.intent });
    }
  }
}

/** A service's English outcome with the words of its sentences (app/lib/sentences.ts). */
function inWords(o: MoneyOutcome): MoneyOutcome {
  if (o.status === "refused") return { ...o, words: { message: wordsOf(o.message) ?? undefined } };
  return { ...o, words: { title: wordsOf(o.title) ?? undefined, description: o.description ? (wordsOf(o.description) ?? undefined) : undefined } };
}

/** requestRefund's answer in the one outcome vocabulary (English, with the words for the toast). */
function refundOutcome(r: RequestRefundResult, t: unknown): MoneyOutcome {
  if (r.kind === "rejected") {
    // The refusal is said here (nested sentences, "5 minutes ago"); GoPay's own words stay as sent.
    return { status: "refused", field: r.field, message: translateSentence(t, r.message), ...(r.repeat ? { repeat: true as const } : {}) };
  }
  if (r.kind === "awaiting_approval") {
    const amount = formatIdr(r.refund.amount);
    return {
      status: "awaiting_approval",
      title: "Sent for approval",
      description: `${amount} is above your limit: a finance user must approve it on /approvals.`,
      words: { title: { key: "refunds:outcome.sentForApproval" }, description: { key: "refunds:outcome.sentForApprovalText", params: { amount } } },
    };
  }
  const refund = r.kind === "replay" ? r.refund : r.outcome.refund;
  const status = r.kind === "replay" ? refund.status : r.outcome.status;
  const amount = formatIdr(refund.amount);
  switch (status) {
    case "succeeded":
      return { status: "succeeded", title: "Refund sent", description: `${amount} refunded.`, words: { title: { key: "refunds:outcome.sent" }, description: { key: "refunds:outcome.sentText", params: { amount } } } };
    case "failed":
      // GoPay's refusal (failureMessage) is shown as GoPay sent it.
      return { status: "failed", title: "GoPay refused the refund", description: refund.failureMessage ?? undefined, words: { title: { key: "refunds:outcome.refused" }, description: refund.failureMessage ? (wordsOf(refund.failureMessage) ?? undefined) : undefined } };
    case "awaiting_approval":
      return { status: "awaiting_approval", title: "Already sent for approval", words: { title: { key: "refunds:outcome.alreadyForApproval" } } };
    default:
      return {
        status: "unknown",
        title: "Waiting for GoPay",
        description: "The outcome is not known yet; it is checked automatically.",
        words: { title: { key: "refunds:outcome.waiting" }, description: { key: "refunds:outcome.waitingText" } },
      };
  }
}

async function resync(orderId: string, actor: { id: string; email: string }, ip: string | null | undefined): Promise<MoneyOutcome> {
  try {
    const r = await resyncOrder({ orderId, actor, ip });
    // GoPay's code ("03", "settlement") said as the order status it means; the code stays in the timeline's sync entry.
    const said = gopayStatusWord(/^\d{2}$/.test(r.gopayStatus) ? "snap_debit" : "core_payment", r.gopayStatus) ?? r.after.status;
    return {
      status: "succeeded",
      title: r.changed ? "Resynced: status updated" : "Resynced: no difference",
      // Statuses are codes, GoPay's as GoPay sent them.
      description: r.changed ? `${r.before.status} → ${r.after.status} (GoPay ${r.gopayStatus})` : `GoPay says ${r.gopayStatus}; nothing to change.`,
      words: {
        title: { key: r.changed ? "refunds:outcome.resyncChanged" : "refunds:outcome.resyncSame" },
        description: r.changed
          ? { key: "refunds:outcome.resyncChangedText", params: { from: r.before.status, to: r.after.status } }
          : { key: "refunds:outcome.resyncSameText", params: { status: said } },
      },
    };
  } catch (err) {
    // A status query changes nothing at GoPay: not reaching it is a plain failure, not an unknown.
    return { status: "failed", title: "Could not reach GoPay", description: err instanceof Error ? err.message : String(err), words: { title: { key: "refunds:outcome.unreachable" } } };
  }
}
