import { Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LanguageChoice } from "~/components/layout/language-choice";

/** Pathless layout for signed-out pages: a centered card on a quiet background. */
export default function AuthLayout() {
  const { t } = useTranslation(["common", "auth"]);
  return (
    <main className="flex min-h-full items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-lg font-semibold tracking-tight text-slate-900">
          {t("appName")} <span className="font-normal text-slate-600">· {t("auth:backOffice")}</span>
        </p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <Outlet />
        </div>
        <LanguageChoice className="mt-4" />
      </div>
    </main>
  );
}
