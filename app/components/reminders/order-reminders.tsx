import { Link } from "@remix-run/react";
import { BellRing } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Button, Card, ConfirmDialog, DateTime } from "~/components/ui";
import { ReminderStatus } from "./reminder-status";

export interface OrderRemindersView {
  rows: {
    id: string;
    reminderId: string | null;
    status: string;
    templateName: string;
    deletedReason: string | null;
    createdAt: Date | string;
  }[];
  send:
    | null
    | { block: "noCustomer" | "noMiniApp" | "noTemplate" }
    | {
        block: null;
        orderUuid: string;
        customerId: string;
        customerName: string | null;
        templateName: string;
        params: Record<string, string>;
        requestId: string;
      };
}

/** The order page's reminders: each with GoPay's id and status, and "Send payment reminder" for a pending order. */
export function OrderReminders({ orderId, view }: { orderId: string; view: OrderRemindersView }) {
  const { t } = useTranslation("reminders");
  const send = view.send;
  const action =
    send && send.block === null ? (
      <ConfirmDialog
        trigger={
          <Button size="sm">
            <BellRing aria-hidden className="size-3.5" />
            {t("order.send")}
          </Button>
        }
        title={t("order.sendTitle")}
        description={t("order.sendText", {
          customer: send.customerName ?? "—",
          orderId,
          text: send.params.description ?? "",
        })}
        confirmLabel={t("order.send")}
        intent="create"
        action="/campaigns/reminders"
        hidden={{
          customerId: send.customerId,
          orderId: send.orderUuid,
          templateName: send.templateName,
          ...Object.fromEntries(Object.entries(send.params).map(([k, v]) => [`param:${k}`, v])),
          requestId: send.requestId,
          back: `/orders/${encodeURIComponent(orderId)}`,
        }}
      >
        {(answer) =>
          answer?.ok === false ? (
            <p role="alert" className="text-sm text-red-700">
              {Object.values(answer.errors ?? {})[0]}
            </p>
          ) : null
        }
      </ConfirmDialog>
    ) : null;
  return (
    <Card title={t("order.title")} actions={action} className="mt-6" bodyClassName="p-0">
      {send && send.block ? (
        <p className="px-4 pt-3 text-sm text-slate-600">
          {t(`order.${send.block}`)}
          {send.block === "noTemplate" ? (
            <>
              {" "}
              <Link className="text-brand-700 hover:underline" to="/campaigns/templates">
                {t("noTemplate.link")}
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {view.rows.length ? (
        <ul className="divide-y divide-slate-100 text-sm" aria-label={t("order.title")}>
          {view.rows.map((r) => (
            <li
              key={r.id}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-2"
              data-testid="order-reminder"
            >
              <span className="font-mono text-xs">{r.reminderId ?? t("table.noId")}</span>
              <span className="font-mono text-xs text-slate-600">{r.templateName}</span>
              <ReminderStatus status={r.status} reason={r.deletedReason} />
              <DateTime value={r.createdAt} className="text-xs text-slate-600" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="px-4 py-3 text-sm text-slate-600">{t("order.none")}</p>
      )}
      <p className="border-t border-slate-100 px-4 py-2 text-xs">
        <Link
          className="text-brand-700 hover:underline"
          to={`/campaigns/reminders?q=${encodeURIComponent(orderId)}`}
        >
          {t("order.all")}
        </Link>
      </p>
    </Card>
  );
}
