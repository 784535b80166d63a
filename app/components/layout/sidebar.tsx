import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
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
              // `.nav-link` and its icon's colours in styles.css: 11 links on every page.
              className={({ isActive }) => (isActive ? "nav-link-active" : "nav-link")}
            >
              <Icon aria-hidden />
              {t(`nav.${key}`)}
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
