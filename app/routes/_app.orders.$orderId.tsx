import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowLeft } from "~/components/ui/icons";
import { requireStaff } from "~/auth/guard.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { randomUUID } from "node:crypto";
import { OrderHoldActions } from "~/components/holds/order-hold-actions";
import { OrderActions } from "~/components/refunds/order-actions";
import { RefundWatch } from "~/components/refunds/refund-watch";
import { mintCancelKey, mintRefundKey } from "~/services/refunds/keys.server";
import { metaT, pageTitle } from "~/components/meta";
import { useTranslation } from "react-i18next";
import { OrderStatusLine, OrderSummary } from "~/components/orders/order-summary";
import { OrderTimeline } from "~/components/orders/order-timeline";
import { Card, PageHeader } from "~/components/ui";
import { db } from "~/db/client.server";
import { getOrderView } from "~/services/orders/order.server";
import { customerSummary, openConflictOf } from "~/services/customers/case.server";
import { refundWatch } from "~/services/refunds/watch.server";
import { listApprovals } from "~/services/approvals/approvals.server";
import { getRefundLimit } from "~/services/staff/limits.server";
import { PendingApprovalBanner } from "~/components/refunds/pending-approval-banner";
import { OrderReminders } from "~/components/reminders/order-reminders";
import { orderReminders } from "~/services/reminders/list.server";

export const meta: MetaFunction<typeof loader> = ({ params, matches }) => pageTitle(metaT(matches)("orders:page.title", { orderId: params.orderId ?? "" }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "orders:read");
  const view = await getOrderView(db(), params.orderId ?? "");
  if (!view) throw new Response(`No order with id “${params.orderId}”.`, { status: 404, statusText: "Order not found" });
  // REFUNDS: fallback intent keys; the dialogs mint one per opening in the browser (order-actions.tsx).
  const [watch, awaitingApproval, refundLimit, customer, customerConflict] = await Promise.all([
    refundWatch(db(), view.order.id),
    // Refund requests above someone's limit: shown on the page (they hold no money until approved).
    listApprovals(db(), "pending", 20, new Date(), { orderUuid: view.order.id }),
    getRefundLimit(db(), staff.role),
    customerSummary(db(), view.order.customerId),
    view.order.customerId ? null : openConflictOf(db(), "order", view.order.id),
  ]);
  // REMINDERS: the order's reminders (for whoever reads campaigns), "Send payment reminder" for campaigns:manage.
  const reminders = can(staff.role, "campaigns:read") ? await orderReminders(db(), view.order, can(staff.role, "campaigns:manage")) : null;
  // A tokenized or pre-auth order carries no name/email of its own: show its customer's.
  const order = { ...view.order, customerName: view.order.customerName ?? customer?.name ?? null, customerEmail: view.order.customerEmail ?? customer?.email ?? null };
  // HOLDS: an authorised, unexpired hold can be captured or released here (one fresh key per intent per render).
  const h = view.hold;
  const holdAct =
    h && h.status === "authorised" && h.expiresAt.getTime() > Date.now() && (can(staff.role, "holds:capture") || can(staff.role, "holds:release"))
      ? { holdId: h.id, capture: randomUUID(), release: randomUUID() }
      : null;
  return { ...view, order, customer, customerConflict, reminders, role: staff.role, refundKey: mintRefundKey(), cancelKey: mintCancelKey(), watch, awaitingApproval, refundLimit, holdAct };
}

export { orderAction as action } from "./_app.orders.$orderId.server";

export default function OrderPage() {
  const { order, refundable, timeline, role, refundKey, cancelKey, watch, awaitingApproval, refundLimit, customer, customerConflict, reminders, hold, holdAct } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["orders", "customers"]);
  const awaitingTotal = awaitingApproval.reduce((sum, a) => sum + (a.amount ?? 0n), 0n);
  return (
    <>
      <Link to="/orders" className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
        <ArrowLeft aria-hidden className="size-4" /> {t("page.back")}
      </Link>
      <PageHeader
        title={t("page.title", { orderId: order.orderId })}
        // Refund / cancel / resync buttons slot in here (they need the GoPay client).
        actions={
          <>
          {hold && holdAct ? (
            <OrderHoldActions orderId={order.orderId} amount={hold.amount} act={holdAct} canCapture={can(role, "holds:capture")} canRelease={can(role, "holds:release")} />
          ) : null}
          <OrderActions
            order={order}
            refundableAmount={refundable.amount}
            refundLimit={refundLimit}
            awaitingApproval={awaitingTotal}
            canRefund={can(role, "orders:refund") && refundable.amount > 0n}
            canCancel={can(role, "orders:cancel") && order.status === "pending"}
            canResync={can(role, "orders:resync")}
            refundKey={refundKey}
            cancelKey={cancelKey}
            refundKeysUsed={timeline.flatMap((e) => (e.kind === "refund" ? e.facts.filter((f) => f.label === "Partner refund no").map((f) => f.value) : []))}
          />
          </>
        }
      >
        <OrderStatusLine status={order.status} amount={order.amount} />
      </PageHeader>
      <RefundWatch waiting={watch.waiting} recent={watch.recent} attentionAfterHours={watch.attentionAfterHours} />
      <PendingApprovalBanner items={awaitingApproval} canDecide={can(role, "approvals:decide")} />
      <p className="mb-3 text-sm text-slate-700" data-testid="order-customer">
        {t("customers:link.customer")}:{" "}
        {customer ? (
          <Link className="font-medium text-brand-700 hover:underline" to={`/customers/${customer.id}`}>
            {customer.name ?? customer.merchantUserId ?? customer.email ?? t("customers:guest")}
          </Link>
        ) : customerConflict ? (
          <span className="text-amber-800">{t("customers:link.ambiguous", { what: t("customers:warning.matchConflictOrder").toLowerCase(), count: customerConflict.candidateIds.length })}</span>
        ) : (
          <span className="text-slate-500">{t("customers:link.none")}</span>
        )}
      </p>
      <OrderSummary order={order} refundable={refundable} awaitingApproval={awaitingTotal} />
      <Card title={t("page.timeline")} description={t("page.timelineHint")} className="mt-6">
        <OrderTimeline entries={timeline} />
      </Card>
      {reminders ? <OrderReminders orderId={order.orderId} view={reminders} /> : null}
    </>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
