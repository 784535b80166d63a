import { Form, Link, useLocation } from "@remix-run/react";
import { Send } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Button, Card, ConfirmDialog, Field, Input } from "~/components/ui";

export interface PaymentDueCountsView {
  total: number;
  eligible: number;
  noCustomer: number;
  noMiniApp: number;
  hasReminder: number;
}

/**
 * "Payment due" for a set: the age in hours is chosen first and the count shown (who gets one, who
 * is skipped and why) before anything is sent; sending asks once more in a dialog that repeats it.
 */
export function PaymentDue({
  hours,
  counts,
  max,
  error,
  template,
}: {
  hours: string;
  counts: PaymentDueCountsView | null;
  max: number;
  error?: string;
  /** The registry's payment-due template, or null when it is not registered (nothing can be sent). */
  template: string | null;
}) {
  const { t } = useTranslation("reminders");
  const { search } = useLocation();
  const sendable = counts && template ? Math.min(counts.eligible, max) : 0;
  return (
    <Card title={t("bulk.title")} description={t("bulk.description")}>
      {template ? (
        <p className="mb-3 text-xs text-slate-600">
          {t("bulk.template")} <span className="font-mono">{template}</span>
        </p>
      ) : (
        <p className="mb-3 text-sm text-amber-800">
          {t("noTemplate.paymentDue")}{" "}
          <Link className="text-brand-700 hover:underline" to="/campaigns/templates">
            {t("noTemplate.link")}
          </Link>
        </p>
      )}
      <Form method="get" className="flex flex-wrap items-end gap-2" aria-label={t("bulk.countLabel")}>
        {[...new URLSearchParams(search)]
          .filter(([k]) => k !== "hours")
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
        <Field label={t("bulk.hours")} error={error}>
          <Input name="hours" inputMode="numeric" defaultValue={hours} className="w-28" />
        </Field>
        <Button type="submit" variant="secondary">
          {t("bulk.count")}
        </Button>
      </Form>
      {counts ? (
        <div className="mt-3 space-y-2 text-sm" aria-live="polite">
          <p className="text-slate-900" data-testid="payment-due-count">
            {t("bulk.summary", { count: counts.eligible, total: counts.total, hours })}
          </p>
          {counts.noMiniApp + counts.noCustomer + counts.hasReminder > 0 ? (
            <ul className="list-disc pl-5 text-slate-600">
              {counts.noMiniApp ? <li>{t("bulk.skipNoMiniApp", { count: counts.noMiniApp })}</li> : null}
              {counts.noCustomer ? <li>{t("bulk.skipNoCustomer", { count: counts.noCustomer })}</li> : null}
              {counts.hasReminder ? (
                <li>{t("bulk.skipHasReminder", { count: counts.hasReminder })}</li>
              ) : null}
            </ul>
          ) : null}
          {counts.eligible > max ? <p className="text-amber-800">{t("bulk.capped", { max })}</p> : null}
          {sendable > 0 ? (
            <ConfirmDialog
              trigger={
                <Button>
                  <Send aria-hidden className="size-4" />
                  {t("bulk.send", { count: sendable })}
                </Button>
              }
              title={t("bulk.confirmTitle", { count: sendable })}
              description={
                <div className="space-y-1">
                  <p>{t("bulk.confirmText", { count: sendable, hours })}</p>
                  {counts.noMiniApp + counts.noCustomer + counts.hasReminder > 0 ? (
                    <p>
                      {t("bulk.confirmSkipped", {
                        count: counts.noMiniApp + counts.noCustomer + counts.hasReminder,
                      })}
                    </p>
                  ) : null}
                </div>
              }
              confirmLabel={t("bulk.send", { count: sendable })}
              intent="bulk"
              hidden={{ hours }}
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
