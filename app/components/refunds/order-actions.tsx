import { RefreshCw, RotateCcw, XCircle } from "lucide-react";
import { useEffect, useState } from "react";
import { Button, ConfirmDialog, Field, Input, Select, Textarea, type ConfirmResult } from "~/components/ui";
import { formatIdr, parseRupiah } from "~/lib/money";
import { REFUND_REASONS } from "~/services/refunds/reasons";

export interface OrderActionsProps {
  order: { id: string; orderId: string; status: string; customerName: string | null };
  refundableAmount: bigint;
  /** The most this staff member's role refunds alone (null: no limit); above it a refund waits for approval. */
  refundLimit: bigint | null;
  /** Sum of this order's refund requests waiting for approval (they hold no money yet). */
  awaitingApproval: bigint;
  canRefund: boolean;
  canCancel: boolean;
  canResync: boolean;
  /** Server-minted keys: used until the browser mints one per dialog opening (see freshKey). */
  refundKey: string;
  cancelKey: string;
  /** partnerRefundNo of every refund row on the order: see the key on the refund dialog. */
  refundKeysUsed: readonly string[];
}

type Errors = Partial<Record<"amount" | "reasonCode" | "reasonText" | "form", string>>;
const errorsOf = (r: ConfirmResult): Errors => (r?.ok === false ? (r.errors ?? {}) : {});
const isRepeat = (r: ConfirmResult) => r?.repeat === true;

/**
 * One intent key per dialog opening, minted in the browser when the trigger is pressed: a double
 * click or a retry inside the dialog sends the same key (GoPay sees one refund), while a loader
 * refresh behind an open dialog (RefundWatch polls) cannot swap it. getRandomValues works on
 * plain-HTTP origins too, unlike randomUUID. Same shape as the server's mintRefundKey.
 */
function freshKey(prefix: "RF" | "CX"): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

type AmountCheck = { error: string | null; approval: string | null };

/**
 * What the amount typed so far means, said while typing (the server says the same on submit): the
 * parser's sentence, more than can be refunded, or above the agent's limit (goes for approval).
 */
export function checkAmount(text: string, refundable: bigint, limit: bigint | null): AmountCheck & { minor: bigint | null } {
  if (text.trim() === "") return { minor: null, error: null, approval: null };
  const parsed = parseRupiah(text);
  if (!parsed.ok) return { minor: null, error: parsed.error, approval: null };
  if (parsed.minor <= 0n) return { minor: parsed.minor, error: "The amount must be more than Rp 0.", approval: null };
  if (parsed.minor > refundable) return { minor: parsed.minor, error: `At most ${formatIdr(refundable)} can be refunded now.`, approval: null };
  if (limit === null || parsed.minor <= limit) return { minor: parsed.minor, error: null, approval: null };
  return {
    minor: parsed.minor,
    error: null,
    approval:
      limit === 0n
        ? "Your role does not refund on its own: this goes to a finance user for approval, nothing is sent to GoPay until then."
        : `Above your limit of ${formatIdr(limit)}: this goes to a finance user for approval, nothing is sent to GoPay until then.`,
  };
}

/** Refund / Cancel / Resync for the order page: each shown only when the state AND the role allow it. */
export function OrderActions(p: OrderActionsProps) {
  const [reason, setReason] = useState("customer_request");
  const [refundKey, setRefundKey] = useState(p.refundKey);
  const [cancelKey, setCancelKey] = useState(p.cancelKey);
  const [generation, setGeneration] = useState(0);
  const sentKey = p.refundKeysUsed.includes(refundKey) ? refundKey : null;
  useEffect(() => {
    if (sentKey) setGeneration((g) => g + 1);
  }, [sentKey]);
  const full = formatIdr(p.refundableAmount).replace(/^Rp /, "");
  const [amountText, setAmountText] = useState(full);
  const check = checkAmount(amountText, p.refundableAmount, p.refundLimit);
  const who = p.order.customerName ? ` for ${p.order.customerName}` : "";
  const to = p.order.customerName ?? "the customer";
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
          trigger={
            <Button variant="secondary" onClick={() => setCancelKey(freshKey("CX"))}>
              <XCircle aria-hidden className="size-4" /> Cancel order
            </Button>
          }
          title="Cancel this unpaid order?"
          description={<>Order <b>{p.order.orderId}</b>{who} will be cancelled at GoPay; the customer can no longer pay it. This cannot be undone.</>}
          confirmLabel="Cancel order"
          cancelLabel="Keep order"
          danger
          intent="cancel"
          hidden={{ key: cancelKey }}
        >
          {(r) => (errorsOf(r).form ? <p role="alert" className="text-sm text-red-700">{errorsOf(r).form}</p> : null)}
        </ConfirmDialog>
      ) : null}
      {p.canRefund ? (
        <ConfirmDialog
          // why: ConfirmDialog keeps the fetcher's last 400 answer after a later redirect, so a
          // retry that succeeds (e.g. "Refund again?" confirmed) left the dialog open with the old
          // error. Once THIS dialog's key is a refund row, remount it: closed, fresh. (Another
          // tab's refund has another key, so the "Refund again?" answer here stays visible.)
          key={generation}
          trigger={
            <Button
              onClick={() => {
                setRefundKey(freshKey("RF"));
                setAmountText(full);
              }}
            >
              <RotateCcw aria-hidden className="size-4" /> Refund
            </Button>
          }
          title="Refund this order"
          description={<>Send money back to <b>{to}</b> for order <b>{p.order.orderId}</b>. Up to <b>{formatIdr(p.refundableAmount)}</b> can be refunded now. A refund cannot be undone.</>}
          confirmLabel={check.minor !== null && !check.error ? `${check.approval ? "Ask approval for" : "Refund"} ${formatIdr(check.minor)}` : "Refund"}
          danger
          intent="refund"
          hidden={{ key: refundKey }}
        >
          {(r) => {
            const e = errorsOf(r);
            return (
              <>
                {e.form ? <p role="alert" className="text-sm text-red-700">{e.form}</p> : null}
                {p.awaitingApproval > 0n ? (
                  <p className="rounded-md bg-indigo-50 px-3 py-2 text-sm text-indigo-950" data-testid="dialog-awaiting-approval">
                    {formatIdr(p.awaitingApproval)} on this order is already waiting for approval. Do not ask for it twice.
                  </p>
                ) : null}
                <Field
                  label="Amount (Rp)"
                  hint={`Full refund: ${formatIdr(p.refundableAmount)}. Type less for a partial refund.${p.refundLimit === null ? "" : ` Your limit: ${formatIdr(p.refundLimit)}.`}`}
                  // The live sentence while typing; the server's answer once submitted (they agree).
                  error={check.error ?? e.amount}
                >
                  <Input
                    name="amount"
                    inputMode="numeric"
                    autoComplete="off"
                    value={amountText}
                    onChange={(ev) => setAmountText(ev.currentTarget.value)}
                    // why: the amount is what the agent came to type (Radix would focus the close button); selected, so typing replaces the full amount.
                    autoFocus
                    onFocus={(ev) => ev.currentTarget.select()}
                  />
                </Field>
                {/* why always rendered: a live region must exist before its text changes to be announced. */}
                <p role="status" aria-live="polite" data-testid="approval-hint" className={check.approval ? "rounded-md bg-indigo-50 px-3 py-2 text-sm font-medium text-indigo-950" : "sr-only"}>
                  {check.approval}
                </p>
                {isRepeat(r) ? (
                  <label className="flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                    <input type="checkbox" name="confirmRepeat" value="yes" required className="mt-0.5" />
                    <span>Yes, this is a second refund: send it again.</span>
                  </label>
                ) : null}
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
