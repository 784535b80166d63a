import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { cx } from "../ui/cx";
import type { NavItem } from "./nav-items";

/** The section list. NavLink sets aria-current="page" on the active item; `/` matches only itself. */
export function SidebarNav({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const { t } = useTranslation("shell");
  return (
    <nav aria-label={t("nav.label")}>
      <ul className="space-y-0.5">
        {items.map(({ to, key, icon: Icon }) => (
          <li key={to}>
            <NavLink
              to={to}
              end={to === "/"}
              prefetch="intent"
              onClick={onNavigate}
              className={({ isActive }) =>
                cx(
                  "group flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium",
                  isActive ? "bg-white text-slate-900 shadow-xs ring-1 ring-slate-200" : "text-slate-600 hover:bg-slate-200/60 hover:text-slate-900",
                )
              }
            >
              {({ isActive }) => (
                <>
                  <Icon aria-hidden className={cx("size-4", isActive ? "text-brand-600" : "text-slate-400 group-hover:text-slate-600")} />
                  {t(`nav.${key}`)}
                </>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Logo() {
  return (
    <span className="flex items-center gap-2 text-[15px] font-semibold tracking-tight text-slate-900">
      <span aria-hidden className="flex size-6 items-center justify-center rounded-md bg-brand-600 text-xs font-bold text-white">
        L
      </span>
      Loket
    </span>
  );
}
