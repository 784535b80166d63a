import { useTranslation } from "react-i18next";
import type { NavItem } from "./nav-items";
import { ShellNavLink } from "./shell-nav-link";

/**
 * The section list. The active item gets aria-current="page"; `/` matches only itself. Each link is
 * NavLink in the browser (prefetch on hover), its bare anchor on the server (shell-nav-link.tsx).
 */
export function SidebarNav({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const { t } = useTranslation("shell");
  return (
    <nav aria-label={t("nav.label")}>
      <ul className="space-y-0.5">
        {items.map(({ to, key, icon: Icon }) => (
          <li key={to}>
            <ShellNavLink
              to={to}
              end={to === "/"}
              onClick={onNavigate}
              // `.nav-link` and its icon's colours in styles.css: 11 links on every page.
              className={({ isActive }) => (isActive ? "nav-link-active" : "nav-link")}
            >
              <Icon aria-hidden />
              {t(`nav.${key}`)}
            </ShellNavLink>
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
