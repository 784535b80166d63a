import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "~/i18n/config";
import { cx } from "../ui/cx";

/** The signed-out language switch (login page): a POST to /language that sets a cookie. */
export function LanguageChoice({ className }: { className?: string }) {
  const { t, i18n } = useTranslation("auth");
  const location = useLocation();
  return (
    <Form method="post" action="/language" className={cx("flex items-center justify-center gap-1 text-xs text-slate-600", className)}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <span className="sr-only">{t("language")}</span>
      {SUPPORTED_LANGUAGES.map((l, i) => (
        <span key={l} className="flex items-center gap-1">
          {i > 0 ? <span aria-hidden>·</span> : null}
          <button
            type="submit"
            name="language"
            value={l}
            lang={l}
            aria-pressed={i18n.language === l}
            className={cx("rounded px-1.5 py-0.5 hover:bg-slate-200/60", i18n.language === l && "font-semibold text-slate-900")}
          >
            {LANGUAGE_NAMES[l]}
          </button>
        </span>
      ))}
    </Form>
  );
}
