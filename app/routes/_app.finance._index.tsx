import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { FileBarChart, Scale } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { PageHeader } from "~/components/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "finance:read");
  return null;
}

export const meta = sectionTitle("finance");

/** /finance: where finance work starts — reconciliation with GoPay and the settlement reports. */
export default function FinancePage() {
  const { t } = useTranslation("finance");
  const sections = [
    {
      to: "/finance/reconciliation",
      icon: Scale,
      title: t("reconciliation.title"),
      text: t("reconciliation.landing.reconciliation"),
    },
    {
      to: "/finance/reports",
      icon: FileBarChart,
      title: t("reports.title"),
      text: t("reconciliation.landing.reports"),
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} />
      <ul className="grid gap-4 md:grid-cols-2">
        {sections.map((s) => (
          <li key={s.to}>
            <Link
              to={s.to}
              className="flex h-full gap-3 rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-300 hover:bg-brand-50/40 focus-visible:outline-2"
            >
              <s.icon className="mt-0.5 h-5 w-5 shrink-0 text-brand-700" aria-hidden />
              <span>
                <span className="block font-semibold text-slate-900">{s.title}</span>
                <span className="mt-1 block text-sm text-slate-600">{s.text}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
