import { CheckCircle2, Info, X, XCircle } from "~/components/ui/icons";
import { useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { cx } from "../ui/cx";

export interface ToastData {
  type: "success" | "error" | "info";
  title: string;
  description?: string;
}

type Shown = ToastData & { id: number };

// Errors stay longer: the reader may need to act on them.
const DURATION: Record<ToastData["type"], number> = { success: 5000, info: 6000, error: 10000 };

const styles = {
  success: { icon: CheckCircle2, cls: "text-emerald-600" },
  error: { icon: XCircle, cls: "text-red-600" },
  info: { icon: Info, cls: "text-sky-600" },
} as const;

/**
 * Shows the toast the shell's loader read from the cookie. The live region is always in the DOM
 * (a region added together with its text is often not announced). Each toast auto-dismisses —
 * paused while hovered or focused — and has a dismiss button.
 */
export function Toaster({ toast }: { toast: ToastData | null }) {
  const { t } = useTranslation("shell");
  const [shown, setShown] = useState<Shown[]>([]);
  const nextId = useRef(1);

  // The redirect that brought the toast named it in the URL (?toast=<id>, app/lib/toast.server.ts):
  // once read, take it out of the address bar so a reload, a bookmark or a copied link does not
  // carry it (the cookie it named is already gone). replaceState, not a navigation: no loader re-runs.
  const location = useLocation();
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has("toast")) return;
    url.searchParams.delete("toast");
    window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  }, [location.key]);

  // A new loader answer is a new object: identity (not content) tells a new toast from a re-render.
  useEffect(() => {
    if (!toast) return;
    const id = nextId.current++;
    setShown((s) => [...s.slice(-2), { ...toast, id }]);
  }, [toast]);

  const dismiss = useCallback((id: number) => setShown((s) => s.filter((t) => t.id !== id)), []);

  return (
    <div
      aria-live="polite"
      role="region"
      aria-label={t("toasts.region")}
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[calc(100vw-2rem)] max-w-sm flex-col gap-2"
    >
      {shown.map((t) => (
        <ToastItem key={t.id} toast={t} onDismiss={dismiss} />
      ))}
    </div>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Shown; onDismiss: (id: number) => void }) {
  const { t } = useTranslation("shell");
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (paused) return;
    const t = setTimeout(() => onDismiss(toast.id), DURATION[toast.type]);
    return () => clearTimeout(t);
  }, [paused, toast.id, toast.type, onDismiss]);
  const { icon: Icon, cls } = styles[toast.type];
  return (
    <div
      data-testid="toast"
      data-type={toast.type}
      role={toast.type === "error" ? "alert" : "status"}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
      className="pointer-events-auto flex items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-lg"
    >
      <Icon aria-hidden className={cx("mt-0.5 size-5 shrink-0", cls)} />
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-slate-900">{toast.title}</p>
        {toast.description ? <p className="mt-0.5 text-sm text-slate-600">{toast.description}</p> : null}
      </div>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
        aria-label={t("toasts.dismiss")}
      >
        <X aria-hidden className="size-4" />
      </button>
    </div>
  );
}
