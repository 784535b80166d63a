import { ShieldCheck } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Button, ConfirmDialog, DateTime, Field, Input } from "~/components/ui";
import { fieldError, formError } from "~/lib/action-data";

export function FormError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="text-sm text-red-700">
      {message}
    </p>
  ) : null;
}

/**
 * The one re-authentication control: a line saying whether this session is confirmed (and until
 * when) and a "Confirm it's you" dialog posting password + code to /reauth. Pages whose actions
 * check the stamp (app/auth/reauth.server.ts) put it above those actions.
 */
export function ReauthPanel({ until, needsCode, note }: { until: string | null; needsCode: boolean; note: string }) {
  const { t } = useTranslation("security");
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-slate-50 px-4 py-3 text-sm text-slate-700 ring-1 ring-slate-200" data-testid="reauth-panel">
      <p className="flex items-center gap-2">
        <ShieldCheck aria-hidden className={until ? "size-4 text-emerald-600" : "size-4 text-slate-500"} />
        {until ? (
          <span>
            {t("reauth.confirmedUntil")} <DateTime value={until} />
          </span>
        ) : (
          <span>{note}</span>
        )}
      </p>
      <ConfirmDialog
        trigger={
          <Button variant="secondary" size="sm">
            {t("reauth.button")}
          </Button>
        }
        title={t("reauth.title")}
        description={needsCode ? t("reauth.description") : t("reauth.descriptionNoCode")}
        confirmLabel={t("reauth.submit")}
        action="/reauth"
        intent="reauth"
      >
        {(r) => (
          <div className="space-y-3">
            <FormError message={formError(r)} />
            <Field label={t("reauth.password")} error={fieldError(r, "password")}>
              <Input name="password" type="password" autoComplete="current-password" required />
            </Field>
            {needsCode ? (
              <Field label={t("reauth.code")} error={fieldError(r, "code")}>
                <Input name="code" autoComplete="one-time-code" inputMode="numeric" required className="font-mono tracking-widest" />
              </Field>
            ) : null}
          </div>
        )}
      </ConfirmDialog>
    </div>
  );
}
