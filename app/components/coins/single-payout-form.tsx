import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Button, Card, ConfirmDialog, Field, Input, Money, Select, Textarea } from "~/components/ui";
import { fieldError, type ActionData } from "~/lib/action-data";
import { formatIdr, moneyErrorKey, parseRupiah, type Minor } from "~/lib/money";
import { formatPhone } from "~/lib/phone";

export interface SingleContext {
  customer: {
    id: string;
    name: string | null;
    phone: string | null;
    merchantUserId: string | null;
    tokenPresent: boolean;
  } | null;
  customerMonth: bigint;
  capLeft: bigint | null;
  budgetLeft: bigint;
  perPayoutCeiling: bigint | null;
  approvalThreshold: bigint;
}

type Problem = { key: string; params?: Record<string, string | number> } | null;

/**
 * Amount, description (with GoPay's count) and reason for one customer, checked as typed with the
 * one rupiah parser against the limits the loader sent; the confirm dialog repeats who, how much
 * and why. The server checks everything again under its lock; a refusal shows in the dialog.
 */
export function SinglePayoutForm({
  context,
  requestId,
  reasons,
  descriptionMax,
}: {
  context: SingleContext;
  requestId: string;
  reasons: readonly string[];
  descriptionMax: number;
}) {
  const { t } = useTranslation(["coins", "common"]);
  const [amountText, setAmountText] = useState("");
  const [description, setDescription] = useState("");
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const c = context.customer!;

  const parsed = parseRupiah(amountText);
  let amount: Minor | null = null;
  let amountProblem: Problem = null;
  if (!parsed.ok) amountProblem = { key: moneyErrorKey(parsed.code), params: parsed.params };
  else if (parsed.minor <= 0n) amountProblem = { key: moneyErrorKey("moreThanZero") };
  else if (context.perPayoutCeiling !== null && parsed.minor > context.perPayoutCeiling)
    amountProblem = {
      key: "coins:single.errors.overCeiling",
      params: { ceiling: formatIdr(context.perPayoutCeiling) },
    };
  else if (context.capLeft !== null && parsed.minor > context.capLeft)
    amountProblem = {
      key: "coins:single.errors.overCap",
      params: {
        already: formatIdr(context.customerMonth),
        cap: formatIdr(context.customerMonth + context.capLeft),
        left: formatIdr(context.capLeft),
      },
    };
  else if (parsed.minor > context.budgetLeft)
    amountProblem = {
      key: "coins:single.errors.overBudget",
      params: { left: formatIdr(context.budgetLeft), budget: "" },
    };
  else amount = parsed.minor;

  const trimmed = description.trim();
  // GoPay counts the description as the sandbox does: JavaScript string length (UTF-16 units).
  const length = trimmed.length;
  const descriptionProblem: Problem = !trimmed
    ? { key: "coins:single.errors.descriptionMissing" }
    : length > descriptionMax
      ? { key: "coins:single.errors.descriptionTooLong", params: { max: descriptionMax, length } }
      : null;
  const reasonProblem: Problem = reasons.includes(reason) ? null : { key: "coins:single.errors.reason" };
  const tokenProblem: Problem = c.tokenPresent ? null : { key: "coins:single.errors.noToken" };
  const ready = amount !== null && !descriptionProblem && !reasonProblem && !tokenProblem;
  const say = (p: Problem) => (p ? t(p.key as "coins:title", p.params) : undefined);
  const show = (p: Problem, typed: boolean) => (touched || typed ? say(p) : undefined);
  const needsApproval = amount !== null && amount >= context.approvalThreshold;
  const who = c.name ?? c.merchantUserId ?? c.id;

  return (
    <Card
      title={t("single.payStep", { name: who })}
      description={`${formatPhone(c.phone)} · ${c.merchantUserId ?? "—"}`}
    >
      <div className="grid max-w-3xl gap-4" data-testid="single-payout-form">
        {tokenProblem ? (
          <p role="alert" className="text-sm text-red-700">
            {say(tokenProblem)}
          </p>
        ) : null}
        <dl className="grid grid-cols-2 gap-2 text-xs text-slate-600 md:grid-cols-4">
          <div>
            <dt>{t("single.limits.month")}</dt>
            <dd className="font-medium text-slate-900">
              <Money minor={context.customerMonth} />
            </dd>
          </div>
          <div>
            <dt>{t("single.limits.capLeft")}</dt>
            <dd className="font-medium text-slate-900">
              {context.capLeft === null ? t("single.limits.none") : <Money minor={context.capLeft} />}
            </dd>
          </div>
          <div>
            <dt>{t("single.limits.ceiling")}</dt>
            <dd className="font-medium text-slate-900">
              {context.perPayoutCeiling === null ? (
                t("single.limits.none")
              ) : (
                <Money minor={context.perPayoutCeiling} />
              )}
            </dd>
          </div>
          <div>
            <dt>{t("single.limits.budgetLeft")}</dt>
            <dd className="font-medium text-slate-900">
              <Money minor={context.budgetLeft} />
            </dd>
          </div>
        </dl>
        <Field
          label={t("single.amount")}
          hint={t("single.amountHint", { threshold: formatIdr(context.approvalThreshold) })}
          error={show(amountProblem, amountText !== "")}
        >
          <Input
            name="amount-input"
            inputMode="numeric"
            autoComplete="off"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            placeholder="25.000"
            data-testid="coin-amount"
          />
        </Field>
        <Field
          label={t("single.descriptionLabel")}
          hint={
            <span
              aria-live="polite"
              className={length > descriptionMax ? "text-red-700" : undefined}
              data-testid="description-counter"
            >
              {t("single.counter", { length, max: descriptionMax })}
            </span>
          }
          error={show(descriptionProblem, description !== "")}
        >
          <Textarea
            name="description-input"
            rows={3}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            data-testid="coin-description"
          />
        </Field>
        <Field label={t("single.reason")} error={show(reasonProblem, reason !== "")}>
          <Select
            name="reason-input"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="coin-reason"
          >
            <option value="">{t("single.chooseReason")}</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {t(`reasons.${r as "goodwill"}`)}
              </option>
            ))}
          </Select>
        </Field>
        {needsApproval ? (
          <p className="text-sm text-amber-800">
            {t("single.needsApproval", { threshold: formatIdr(context.approvalThreshold) })}
          </p>
        ) : null}
        <div>
          {ready ? (
            <ConfirmDialog
              trigger={<Button data-testid="review-payout">{t("single.review")}</Button>}
              title={needsApproval ? t("single.confirmApprovalTitle") : t("single.confirmTitle")}
              description={
                <span data-testid="confirm-summary">
                  {t(needsApproval ? "single.confirmApprovalText" : "single.confirmText", {
                    amount: formatIdr(amount!),
                    customer: who,
                    phone: formatPhone(c.phone),
                    reason: t(`reasons.${reason as "goodwill"}`),
                    description: trimmed,
                  })}
                </span>
              }
              confirmLabel={
                needsApproval
                  ? t("single.confirmApproval")
                  : t("single.confirm", { amount: formatIdr(amount!) })
              }
              intent="pay"
              hidden={{
                customerId: c.id,
                amount: amountText,
                description: trimmed,
                reasonCode: reason,
                requestId,
              }}
            >
              {(r: ActionData | undefined) => <ServerErrors result={r} />}
            </ConfirmDialog>
          ) : (
            <Button type="button" onClick={() => setTouched(true)} data-testid="review-payout">
              {t("single.review")}
            </Button>
          )}
        </div>
      </div>
    </Card>
  );
}

/** The server's refusal (limits changed meanwhile, a race for the budget…), each message with its field's name. */
function ServerErrors({ result }: { result: ActionData | undefined }) {
  const { t } = useTranslation("coins");
  const fields = ["customerId", "amount", "description", "reasonCode", "requestId", "form"] as const;
  const msgs = fields.flatMap((f) => (fieldError(result, f) ? [{ f, m: fieldError(result, f)! }] : []));
  if (msgs.length === 0) return null;
  return (
    <ul role="alert" className="space-y-1 text-sm text-red-700" data-testid="payout-refused">
      {msgs.map(({ f, m }) => (
        <li key={f}>
          <span className="font-medium">{t(`single.fields.${f}`)}:</span> {m}
        </li>
      ))}
    </ul>
  );
}
