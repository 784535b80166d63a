import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requireStaff } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";
import { cx } from "~/components/ui";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:read");
  return null;
}

export const meta: MetaFunction = () => pageTitle("Settings");

const TABS = [
  { to: "/settings/staff", label: "Staff" },
  { to: "/settings/limits", label: "Limits" },
  { to: "/settings/api-keys", label: "API keys" },
];

export default function SettingsLayout() {
  return (
    <div>
      <nav aria-label="Settings" className="mb-6 flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <NavLink
            key={t.to}
            to={t.to}
            prefetch="intent"
            className={({ isActive }) =>
              cx(
                "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
                isActive ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
              )
            }
          >
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
