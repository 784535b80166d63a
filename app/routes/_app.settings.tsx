import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { sectionTitle } from "~/components/meta";
import { cx } from "~/components/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:read");
  return null;
}

export const meta = sectionTitle("settings");

const TABS = [
  { to: "/settings/staff", key: "staff" },
  { to: "/settings/limits", key: "limits" },
  { to: "/settings/api-keys", key: "apiKeys" },
  { to: "/settings/coins", key: "coins" },
] as const;

export default function SettingsLayout() {
  const { t } = useTranslation("settings");
  return (
    <div>
      <nav aria-label={t("tabs.label")} className="mb-6 flex gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            prefetch="intent"
            className={({ isActive }) =>
              cx(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
                isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )
            }
          >
            {t(`tabs.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
