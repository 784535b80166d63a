import { Form } from "@remix-run/react";
import { ChevronDown, LogOut } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";

export interface ShellStaff {
  name: string;
  email: string;
  role: string;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? "") : "")).toUpperCase() || "?";
}

/** Who is signed in, and "Sign out" (a POST to /logout). A disclosure: Escape or a click outside closes it. */
export function UserMenu({ staff }: { staff: ShellStaff }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

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
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white">
          {initials(staff.name)}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{staff.name}</span>
        <span className="sr-only">Account menu</span>
        <ChevronDown aria-hidden className="size-4 text-slate-400" />
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute right-0 z-40 mt-1 w-64 rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
      >
        <div className="px-3 py-2">
          <p className="truncate text-sm font-medium text-slate-900">{staff.name}</p>
          <p className="truncate text-xs text-slate-600">{staff.email}</p>
          <p className="mt-1 text-xs text-slate-500">
            Role: <span className="font-medium text-slate-700 capitalize" data-testid="user-role">{staff.role}</span>
          </p>
        </div>
        <div className="my-1 border-t border-slate-100" />
        <Form method="post" action="/logout">
          <button
            type="submit"
            className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100"
          >
            <LogOut aria-hidden className="size-4" />
            Sign out
          </button>
        </Form>
      </div>
    </div>
  );
}
