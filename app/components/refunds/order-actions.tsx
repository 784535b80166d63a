import { RefreshCw, RotateCcw, XCircle } from "lucide-react";
import { useState } from "react";
import { Button, ConfirmDialog, Field, Input, Select, Textarea, type ConfirmResult } from "~/components/ui";
import { formatIdr } from "~/lib/money";
import { REFUND_REASONS } from "~/services/refunds/reasons";

export interface OrderActionsProps {
  order: { id: string; orderId: string; status: string; customerName: string | null };
  refundableAmount: bigint;
  canRefund: boolean;
  canCancel: boolean;
  canResync: boolean;
  refundKey: string;
  cancelKey: string;
}

type Errors = Partial<Record<"amount" | "reasonCode" | "reasonText" | "form", string>>;
const errorsOf = (r: ConfirmResult) => ((r?.errors ?? {}) as Errors);

/** Refund / Cancel / Resync for the order page: each shown only when the state AND the role allow it. */
export function OrderActions(p: OrderActionsProps) {
  const [reason, setReason] = useState("customer_request");
  const who = p.order.customerName ? ` for ${p.order.customerName}` : "";
  return (
    <div className="flex items-center gap-2" data-slot="order-actions">
      {p.canResync ? (
        <ConfirmDialog
          trigger={<Button variant="secondary"><RefreshCw aria-hidden className="size-4" /> Resync</Button>}
          title="Resync with GoPay"
          description={<>Ask GoPay for the current status of order <b>{p.order.orderId}</b> and apply what changed. An order never moves backwards.</>}
          confirmLabel="Resync"
          intent="resync"
        />
      ) : null}
      {p.canCancel ? (
        <ConfirmDialog
          trigger={<Button variant="secondary"><XCircle aria-hidden className="size-4" /> Cancel order</Button>}
          title="Cancel this unpaid order?"
          description={<>Order <b>{p.order.orderId}</b>{who} will be cancelled at GoPay; the customer can no longer pay it. This cannot be undone.</>}
          confirmLabel="Cancel order"
          cancelLabel="Keep order"
          danger
          intent="cancel"
          hidden={{ key: p.cancelKey }}
        >
          {(r) => (errorsOf(r).form ? <p role="alert" className="text-sm text-red-700">{errorsOf(r).form}</p> : null)}
        </ConfirmDialog>
      ) : null}
      {p.canRefund ? (
        <ConfirmDialog
          trigger={<Button><RotateCcw aria-hidden className="size-4" /> Refund</Button>}
          title="Refund this order"
          description={<>Send money back for order <b>{p.order.orderId}</b>{who}. Up to <b>{formatIdr(p.refundableAmount)}</b> can be refunded now. A refund cannot be undone.</>}
          confirmLabel="Refund"
          danger
          intent="refund"
          hidden={{ key: p.refundKey }}
        >
          {(r) => {
            const e = errorsOf(r);
            return (
              <>
                {e.form ? <p role="alert" className="text-sm text-red-700">{e.form}</p> : null}
                <Field label="Amount (Rp)" hint={`Full refund: ${formatIdr(p.refundableAmount)}`} error={e.amount}>
                  <Input name="amount" inputMode="numeric" autoComplete="off" defaultValue={formatIdr(p.refundableAmount).replace(/^Rp /, "")} />
                </Field>
                <Field label="Reason" error={e.reasonCode}>
                  <Select name="reasonCode" value={reason} onChange={(ev) => setReason(ev.currentTarget.value)}>
                    {Object.entries(REFUND_REASONS).map(([k, v]) => (
                      <option key={k} value={k}>{v}</option>
                    ))}
                  </Select>
                </Field>
                <Field label={reason === "other" ? "Why (required)" : "Note (optional)"} error={e.reasonText}>
                  <Textarea name="reasonText" rows={2} maxLength={200} />
                </Field>
              </>
            );
          }}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
