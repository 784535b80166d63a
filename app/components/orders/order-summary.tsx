import { Trans, useTranslation } from "react-i18next";
import { Badge, Card, DateTime, Money, StatusBadge } from "~/components/ui";
import { say } from "~/lib/words";
import { formatPhone } from "~/lib/phone";
import type { Channel, PaymentOption } from "~db/schema/orders";
import type { Refundable } from "~/services/orders/refundable";

export interface OrderSummaryData {
  orderId: string;
  gopayReference: string | null;
  status: string;
  channel: Channel;
  paymentOption: PaymentOption | null;
  amount: bigint;
  paidAmount: bigint;
  refundedAmount: bigint;
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  popId: string | null;
  createdAt: Date;
  paidAt: Date | null;
  expiresAt: Date | null;
  closedAt: Date | null;
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm break-words text-slate-900">{children}</dd>
    </div>
  );
}
const none = <span className="text-slate-400">—</span>;

/** The money figures first (what support is asked about), then who, how and when. */
export function OrderSummary({ order, refundable, awaitingApproval = 0n }: { order: OrderSummaryData; refundable: Refundable; awaitingApproval?: bigint }) {
  const { t } = useTranslation("orders");
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Card title={t("summary.money")} className="lg:col-span-1">
        <dl className="grid grid-cols-2 gap-3">
          <Item label={t("summary.amount")}>
            <Money minor={order.amount} />
          </Item>
          <Item label={t("summary.paid")}>
            <Money minor={order.paidAmount} />
          </Item>
          <Item label={t("summary.refunded")}>
            <Money minor={order.refundedAmount} />
          </Item>
          <Item label={t("summary.refundableNow")}>
            <span data-testid="refundable-now" className={refundable.amount > 0n ? "font-semibold" : "text-slate-500"}>
              <Money minor={refundable.amount} />
            </span>
            {awaitingApproval > 0n ? (
              // why: requests above a limit hold no money, so they are not taken off; say so, or an agent refunds twice.
              <span data-testid="refundable-awaiting-approval" className="mt-0.5 block text-xs font-normal text-indigo-800">
                <Trans t={t} i18nKey="summary.awaitingApproval" components={[<Money key="m" minor={awaitingApproval} />]} />
              </span>
            ) : null}
          </Item>
        </dl>
        <p className="mt-3 text-xs text-slate-600">
          {refundable.reason ? (
            say(t, refundable.reasonWords, refundable.reason)
          ) : refundable.until ? (
            <Trans t={t} i18nKey="summary.refundableUntil" components={[<DateTime key="d" value={refundable.until} />]} />
          ) : null}
        </p>
      </Card>
      <Card title={t("summary.customer")}>
        <dl className="grid grid-cols-1 gap-3">
          <Item label={t("summary.name")}>{order.customerName ?? none}</Item>
          <Item label={t("summary.phone")}>{order.customerPhone ? formatPhone(order.customerPhone) : none}</Item>
          <Item label={t("summary.email")}>{order.customerEmail ?? none}</Item>
        </dl>
      </Card>
      <Card title={t("summary.payment")}>
        <dl className="grid grid-cols-2 gap-3">
          <Item label={t("summary.channel")}>{t(`channel.${order.channel}`)}</Item>
          <Item label={t("summary.paymentOption")}>{order.paymentOption ? t(`option.${order.paymentOption}`) : none}</Item>
          <Item label={t("summary.gopayReference")}>
            <span className="font-mono text-xs">{order.gopayReference ?? "—"}</span>
          </Item>
          <Item label={t("summary.popId")}>
            <span className="font-mono text-xs">{order.popId ?? "—"}</span>
          </Item>
          <Item label={t("summary.created")}>
            <DateTime value={order.createdAt} wrap />
          </Item>
          <Item label={t("summary.paidAt")}>
            {order.paidAt ? (
              <>
                <DateTime value={order.paidAt} wrap />
                {/* GoPay's time (whole seconds, its clock) can read before our creation time: say whose it is. */}
                {order.paidAt < order.createdAt ? (
                  <span className="block text-xs text-slate-500" title={t("summary.gopayClockHint")}>
                    {t("summary.gopayClock")}
                  </span>
                ) : null}
              </>
            ) : (
              none
            )}
          </Item>
          <Item label={t("summary.expires")}>{order.expiresAt ? <DateTime value={order.expiresAt} wrap /> : none}</Item>
          <Item label={t("summary.closed")}>{order.closedAt ? <DateTime value={order.closedAt} wrap /> : none}</Item>
        </dl>
      </Card>
    </div>
  );
}

export function OrderStatusLine({ status, amount }: { status: string; amount: bigint }) {
  const { t } = useTranslation("orders");
  return (
    // Wraps on a phone: "Tahan dana (pre-otorisasi)" does not fit beside the amount at 390 px.
    <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1">
      <StatusBadge status={status} />
      <span className="text-lg font-semibold tabular-nums text-slate-900">
        <Money minor={amount} />
      </span>
      {status === "authorised" ? <Badge tone="info">{t("page.preauthHold")}</Badge> : null}
    </div>
  );
}
