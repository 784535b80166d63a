import { Link, useLocation } from "@remix-run/react";
import { Menu, X } from "~/components/ui/icons";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { visibleNav } from "./nav-items";
import { NavProgress } from "./nav-progress";
import { Logo, SidebarNav } from "./sidebar";
import { Toaster, type ToastData } from "./toaster";
import { UserMenu, type ShellStaff } from "./user-menu";

/**
 * The signed-in frame: skip link, sidebar (a drawer on small screens), top bar with the user
 * menu, the page in <main>, toasts and the navigation progress bar.
 */
export function AppShell({
  staff,
  permissions,
  toast,
  children,
}: {
  staff: ShellStaff;
  permissions: readonly string[];
  toast: ToastData | null;
  children: React.ReactNode;
}) {
  const { t } = useTranslation("shell");
  const items = visibleNav(permissions);
  const [drawer, setDrawer] = useState(false);
  const location = useLocation();
  useEffect(() => setDrawer(false), [location.pathname]);

  return (
    // lg: a row whose first column (the sidebar's background) stretches to the page's full height,
    // with the sidebar itself sticky inside it: it never ends part-way down a long page.
    <div className="min-h-screen lg:flex">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t("skipToContent")}
      </a>
      <NavProgress />

      <div className="lg:w-56 lg:shrink-0 lg:border-r lg:border-slate-200 lg:bg-slate-100/80">
        <aside
          className={`fixed inset-y-0 left-0 z-30 w-56 flex-col border-r border-slate-200 bg-slate-100 px-3 py-4 ${
            drawer ? "flex" : "hidden"
          } lg:sticky lg:top-0 lg:flex lg:h-screen lg:border-r-0 lg:bg-transparent`}
        >
          <div className="mb-5 flex items-center justify-between px-2">
            <Link to="/" aria-label={t("homeLink")}>
              <Logo />
            </Link>
            <button
              type="button"
              className="rounded p-1 text-slate-500 lg:hidden"
              onClick={() => setDrawer(false)}
              aria-label={t("closeMenu")}
            >
              <X aria-hidden className="size-5" />
            </button>
          </div>
          <SidebarNav items={items} onNavigate={() => setDrawer(false)} />
          <p className="mt-auto px-2.5 text-xs text-slate-600">{t("timesInWib")}</p>
        </aside>
      </div>

      <div className="min-w-0 lg:flex-1">
        <header className="sticky top-0 z-20 flex h-14 items-center justify-between gap-4 border-b border-slate-200 bg-white/90 px-4 backdrop-blur sm:px-6">
          <div className="flex items-center gap-2">
            <button
              type="button"
              className="rounded p-1.5 text-slate-600 hover:bg-slate-100 lg:hidden"
              onClick={() => setDrawer(true)}
              aria-label={t("openMenu")}
              aria-expanded={drawer}
            >
              <Menu aria-hidden className="size-5" />
            </button>
            <span className="lg:hidden">
              <Logo />
            </span>
          </div>
          <UserMenu staff={staff} />
        </header>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto max-w-7xl px-4 py-6 focus:outline-none sm:px-6 lg:px-8"
        >
          {children}
        </main>
      </div>
      <Toaster toast={toast} />
    </div>
  );
}
