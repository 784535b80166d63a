import { ShieldCheck } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { Field, Input, type ConfirmResult } from "~/components/ui";
import { fieldError } from "~/lib/action-data";

/**
 * Whether a confirm dialog must ask for the step-up (password and code) before its confirm: this
 * session was not confirmed in the last few minutes (`until`, from reauthenticatedUntil), or the
 * action just refused for that reason (`errors.reauth`: the confirmation ran out while the page
 * was open). Read when the dialog renders, so a page left open past `until` asks again.
 */
export function stepUpNeeded(until: string | null, result: ConfirmResult, now = Date.now()): boolean {
  if (result?.ok === false && result.errors?.reauth) return true;
  return !until || Date.parse(until) <= now;
}

/**
 * The step-up inside a confirm dialog ("Confirm it's you", app/auth/reauth.server.ts): password
 * and, when enrolled, a current code, sent with the dialog's own form. The action checks them
 * first and then does what was confirmed, so one confirm does both; the confirmation then lasts
 * 5 minutes and the next dialog asks for nothing more. The action still refuses without it.
 */
export function StepUpFields({
  until,
  needsCode,
  result,
  autoFocus = true,
}: {
  until: string | null;
  needsCode: boolean;
  result: ConfirmResult;
  /** In a dialog the password takes focus; in a form on the page (creating staff) it must not. */
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("security");
  if (!stepUpNeeded(until, result)) return null;
  return (
    <fieldset className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="step-up">
      <legend className="sr-only">{t("reauth.title")}</legend>
      <p className="flex items-start gap-2 text-sm text-slate-700">
        <ShieldCheck aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-500" />
        <span>{needsCode ? t("stepUp.description") : t("stepUp.descriptionNoCode")}</span>
      </p>
      {/* why autoFocus: the dialog would focus its close button; the password is what it asks for. */}
      <Field label={t("reauth.password")} error={fieldError(result, "reauthPassword")}>
        <Input name="reauthPassword" type="password" autoComplete="current-password" autoFocus={autoFocus} />
      </Field>
      {needsCode ? (
        <Field label={t("reauth.code")} error={fieldError(result, "reauthCode")}>
          <Input name="reauthCode" autoComplete="one-time-code" className="font-mono tracking-widest" />
        </Field>
      ) : null}
    </fieldset>
  );
}
