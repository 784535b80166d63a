import { Form, Link, useLocation } from "@remix-run/react";
import { Check, ChevronDown, Languages, LogOut, MonitorSmartphone, ShieldCheck } from "~/components/ui/icons";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from "~/i18n/config";
import type enCommon from "~/locales/en/common";
import { cx } from "../ui/cx";

export interface ShellStaff {
  name: string;
  email: string;
  role: string;
  /** null: follow the browser. */
  language: Language | null;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return (
    ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase() ||
    "?"
  );
}

/**
 * Who is signed in, their language, and "Sign out" (a POST to /logout). A disclosure: Escape or a
 * click outside closes it.
 */
export function UserMenu({ staff }: { staff: ShellStaff }) {
  const { t } = useTranslation(["shell", "common", "security"]);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  // A choice made in the menu (the language switch) navigates: close it, the page changed.
  useEffect(() => setOpen(false), [location.key]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const roleKey = staff.role as keyof typeof enCommon.roles;
  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
      >
        <span
          aria-hidden
          className="flex size-7 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white"
        >
          {initials(staff.name)}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{staff.name}</span>
        <span className="sr-only">{t("userMenu.button")}</span>
        <ChevronDown aria-hidden className="size-4 text-slate-400" />
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-40 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
      >
        {/* Rendered only when open (it needs JavaScript to open anyway): ~2 KB less on every page. */}
        {open ? (
          <>
            <div className="px-3 py-2">
              <p className="truncate text-sm font-medium text-slate-900">{staff.name}</p>
              <p className="truncate text-xs text-slate-600">{staff.email}</p>
              <p className="mt-1 text-xs text-slate-500">
                {t("userMenu.role")}{" "}
                <span className="font-medium text-slate-700 capitalize" data-testid="user-role">
                  {t(`common:roles.${roleKey}`, { defaultValue: staff.role })}
                </span>
              </p>
            </div>
            <div className="my-1 border-t border-slate-100" />
            <LanguageSwitch current={staff.language} />
            <div className="my-1 border-t border-slate-100" />
            <Link to="/settings/security" className="menu-item">
              <ShieldCheck aria-hidden className="size-4" />
              {t("security:title")}
            </Link>
            <SessionsLink />
            <Form method="post" action="/logout">
              <button type="submit" className="menu-item">
                <LogOut aria-hidden className="size-4" />
                {t("userMenu.signOut")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}

/** Three choices posted to /language (stored on the staff member); the page comes back in the new language. */
function LanguageSwitch({ current }: { current: Language | null }) {
  const { t } = useTranslation("shell");
  const location = useLocation();
  const groupId = useId();
  const choices: { value: Language | "auto"; label: string; lang?: Language }[] = [
    ...SUPPORTED_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
    { value: "auto", label: t("userMenu.followBrowser") },
  ];
  return (
    <Form method="post" action="/language" role="group" aria-labelledby={groupId} className="px-1 py-1">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <p id={groupId} className="flex items-center gap-1.5 px-2 pb-1 text-xs font-medium text-slate-500">
        <Languages aria-hidden className="size-3.5" />
        {t("userMenu.language")}
      </p>
      {choices.map((c) => {
        const selected = (current ?? "auto") === c.value;
        return (
          <button
            key={c.value}
            type="submit"
            name="language"
            value={c.value}
            lang={c.lang}
            aria-pressed={selected}
            className={cx("menu-choice", selected ? "font-medium text-slate-900" : "text-slate-700")}
          >
            {c.label}
            {selected ? <Check aria-hidden className="size-4 text-brand-600" /> : null}
          </button>
        );
      })}
    </Form>
  );
}

/** Every role's own sessions page (/settings/sessions). */
function SessionsLink() {
  const { t } = useTranslation("settings");
  return (
    <Link to="/settings/sessions" className="menu-item">
      <MonitorSmartphone aria-hidden className="size-4" />
      {t("tabs.sessions")}
    </Link>
  );
}
