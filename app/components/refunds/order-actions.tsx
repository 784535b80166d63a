import { RefreshCw, RotateCcw, XCircle } from "~/components/ui/icons";
import { useEffect, useState } from "react";
import { Button, ConfirmDialog, Field, Input, Select, Textarea, type ConfirmResult } from "~/components/ui";
import { Trans, useTranslation } from "react-i18next";
import { formatIdr, MORE_THAN_ZERO, moneyErrorKey, parseRupiah } from "~/lib/money";
import { say } from "~/lib/words";
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
 * In the language of `t` (English without one).
 */
export function checkAmount(text: string, refundable: bigint, limit: bigint | null, t?: unknown): AmountCheck & { minor: bigint | null } {
  const tr = (key: string, english: string, params?: Record<string, string>) => (t ? say(t, { key, params }, english) : english);
  if (text.trim() === "") return { minor: null, error: null, approval: null };
  const parsed = parseRupiah(text);
  if (!parsed.ok) return { minor: null, error: tr(moneyErrorKey(parsed.code), parsed.error, parsed.params), approval: null };
  if (parsed.minor <= 0n) return { minor: parsed.minor, error: tr(moneyErrorKey(MORE_THAN_ZERO.code), MORE_THAN_ZERO.error), approval: null };
  const max = formatIdr(refundable);
  if (parsed.minor > refundable) return { minor: parsed.minor, error: tr("refunds:check.atMostNow", `At most ${max} can be refunded now.`, { amount: max }), approval: null };
  if (limit === null || parsed.minor <= limit) return { minor: parsed.minor, error: null, approval: null };
  return {
    minor: parsed.minor,
    error: null,
    approval:
      limit === 0n
        ? tr("refunds:check.noLimit", "Your role does not refund on its own: this goes to a finance user for approval, nothing is sent to GoPay until then.")
        : tr("refunds:check.aboveLimit", `Above your limit of ${formatIdr(limit)}: this goes to a finance user for approval, nothing is sent to GoPay until then.`, { limit: formatIdr(limit) }),
  };
}

/** Refund / Cancel / Resync for the order page: each shown only when the state AND the role allow it. */
export function OrderActions(p: OrderActionsProps) {
  const { t } = useTranslation("refunds");
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
  const check = checkAmount(amountText, p.refundableAmount, p.refundLimit, t);
  const to = p.order.customerName ?? t("actions.theCustomer");
  const b = { b: <b /> };
  return (
    <div className="flex items-center gap-2" data-slot="order-actions">
      {p.canResync ? (
        <ConfirmDialog
          trigger={<Button variant="secondary"><RefreshCw aria-hidden className="size-4" /> {t("actions.resync")}</Button>}
          title={t("actions.resyncTitle")}
          description={<Trans t={t} i18nKey="actions.resyncText" values={{ orderId: p.order.orderId }} components={b} />}
          confirmLabel={t("actions.resync")}
          intent="resync"
        />
      ) : null}
      {p.canCancel ? (
        <ConfirmDialog
          trigger={
            <Button variant="secondary" onClick={() => setCancelKey(freshKey("CX"))}>
              <XCircle aria-hidden className="size-4" /> {t("actions.cancelOrder")}
            </Button>
          }
          title={t("actions.cancelTitle")}
          description={
            p.order.customerName ? (
              <Trans t={t} i18nKey="actions.cancelTextFor" values={{ orderId: p.order.orderId, customer: p.order.customerName }} components={b} />
            ) : (
              <Trans t={t} i18nKey="actions.cancelText" values={{ orderId: p.order.orderId }} components={b} />
            )
          }
          confirmLabel={t("actions.cancelOrder")}
          cancelLabel={t("actions.keepOrder")}
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
              <RotateCcw aria-hidden className="size-4" /> {t("actions.refund")}
            </Button>
          }
          title={t("actions.refundTitle")}
          description={<Trans t={t} i18nKey="actions.refundText" values={{ customer: to, orderId: p.order.orderId, amount: formatIdr(p.refundableAmount) }} components={b} />}
          confirmLabel={
            check.minor !== null && !check.error
              ? t(check.approval ? "actions.askApprovalFor" : "actions.refundAmount", { amount: formatIdr(check.minor) })
              : t("actions.refund")
          }
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
                    {t("actions.alreadyWaiting", { amount: formatIdr(p.awaitingApproval) })}
                  </p>
                ) : null}
                <Field
                  label={t("actions.amount")}
                  hint={
                    p.refundLimit === null
                      ? t("actions.amountHint", { amount: formatIdr(p.refundableAmount) })
                      : t("actions.amountHintLimit", { amount: formatIdr(p.refundableAmount), limit: formatIdr(p.refundLimit) })
                  }
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
                    <span>{t("actions.repeat")}</span>
                  </label>
                ) : null}
                <Field label={t("actions.reason")} error={e.reasonCode}>
                  <Select name="reasonCode" value={reason} onChange={(ev) => setReason(ev.currentTarget.value)}>
                    {(Object.keys(REFUND_REASONS) as (keyof typeof REFUND_REASONS)[]).map((k) => (
                      <option key={k} value={k}>{t(`reasons.${k}`)}</option>
                    ))}
                  </Select>
                </Field>
                <Field label={reason === "other" ? t("actions.why") : t("actions.note")} error={e.reasonText}>
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
