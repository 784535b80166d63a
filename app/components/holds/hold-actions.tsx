import { Trans, useTranslation } from "react-i18next";
import { ConfirmDialog, Button, Field, Textarea, Money } from "~/components/ui";
import type { ConfirmResult } from "~/components/ui";
import { fieldError, formError } from "~/lib/action-data";

export interface HoldRowView {
  id: string;
  orderId: string;
  amount: bigint;
  status: string;
}

function FormMessage({ result }: { result: ConfirmResult }) {
  const m = formError(result);
  return m ? (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {m}
    </p>
  ) : null;
}

/** Capture (full amount only) and release (with a reason) of one hold; each dialog is one intent. */
export function HoldActions({ hold, canCapture, canRelease, keys }: { hold: HoldRowView; canCapture: boolean; canRelease: boolean; keys: { capture: string; release: string } }) {
  const { t } = useTranslation("holds");
  if (hold.status !== "authorised") return null;
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {canCapture ? (
        <ConfirmDialog
          trigger={<Button size="sm">{t("actions.capture")}</Button>}
          title={t("actions.captureTitle", { orderId: hold.orderId })}
          description={
            <>
              <p>
                <Trans t={t} i18nKey="actions.captureText" values={{ orderId: hold.orderId }} components={[<Money key="m" minor={hold.amount} />]} />
              </p>
              <p className="mt-2">{t("actions.captureNote")}</p>
            </>
          }
          confirmLabel={t("actions.captureConfirm")}
          intent="capture"
          hidden={{ holdId: hold.id, idempotencyKey: keys.capture }}
        >
          {(r) => <FormMessage result={r} />}
        </ConfirmDialog>
      ) : null}
      {canRelease ? (
        <ConfirmDialog
          danger
          trigger={
            <Button size="sm" variant="secondary">
              {t("actions.release")}
            </Button>
          }
          title={t("actions.releaseTitle", { orderId: hold.orderId })}
          description={
            <p>
              <Trans t={t} i18nKey="actions.releaseText" components={[<Money key="m" minor={hold.amount} />]} />
            </p>
          }
          confirmLabel={t("actions.releaseConfirm")}
          intent="release"
          hidden={{ holdId: hold.id, idempotencyKey: keys.release }}
        >
          {(r) => (
            <>
              <Field label={t("actions.reason")} error={fieldError(r, "reason")} hint={t("actions.reasonHint")}>
                <Textarea name="reason" rows={2} required minLength={3} maxLength={500} />
              </Field>
              <FormMessage result={r} />
            </>
          )}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
