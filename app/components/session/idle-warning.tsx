import * as Dialog from "@radix-ui/react-dialog";
import { Clock } from "~/components/ui/icons";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui";

/** Mirrors BACKGROUND_HEADER in app/auth/session.server.ts (client code cannot import it). */
const BACKGROUND_HEADER = "X-Loket-Background";

/** What GET/POST /session answer (app/routes/session.ts). */
export type SessionStatus = { signedIn: false } | { signedIn: true; remainingMs: number; idleExpiresAt: string; idleMs: number };
/** A request this long after the last key or pointer input is background (polling), not activity. */
const INPUT_RECENT_MS = 5_000;
const POLL_OPEN_MS = 5_000;
const CHANNEL = "loket-session";

let lastInput = Date.now();
let installed = false;

/**
 * Requests the page makes on its own (RefundWatch, hold countdowns revalidating) must not keep a
 * session alive: a fetch with no key/pointer input in the last few seconds says so with
 * X-Loket-Background, and the server then does not move the idle clock.
 */
function installActivityTracking() {
  if (installed || typeof window === "undefined") return;
  installed = true;
  const mark = () => {
    lastInput = Date.now();
  };
  for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) window.addEventListener(type, mark, { capture: true, passive: true });
  const original = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    if (Date.now() - lastInput <= INPUT_RECENT_MS) return original(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url, window.location.href).origin !== window.location.origin) return original(input, init);
    if (input instanceof Request) {
      const req = new Request(input, init);
      req.headers.set(BACKGROUND_HEADER, "1");
      return original(req);
    }
    const headers = new Headers(init?.headers);
    headers.set(BACKGROUND_HEADER, "1");
    return original(input, { ...init, headers });
  };
}

async function readStatus(method: "GET" | "POST"): Promise<SessionStatus | null> {
  try {
    const res = await fetch("/session", { method, headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (res.status === 401) return { signedIn: false };
    if (!res.ok) return null; // the server is unreachable for a moment: ask again later
    return (await res.json()) as SessionStatus;
  } catch {
    return null;
  }
}

function goToSignIn() {
  const back = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?reason=idle&redirectTo=${encodeURIComponent(back)}`);
}

/**
 * The idle-timeout warning. A minute before the session would end (half the timeout when that is
 * shorter) it asks the server for the real end — another tab's activity may have moved it — and
 * only then opens a dialog with a countdown. "Stay signed in" is activity (POST /session); when the
 * time is up and the server agrees, the page goes to the sign-in page. Tabs tell each other about a
 * "stay" over a BroadcastChannel so every open dialog closes.
 */
export function IdleWarning() {
  const { t } = useTranslation("auth");
  const [open, setOpen] = useState(false);
  const [endsAt, setEndsAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const channel = useRef<BroadcastChannel | null>(null);

  // why refs: the timer, the channel and the buttons call the same two functions; they must not
  // re-subscribe on every render.
  const apply = useRef<(status: SessionStatus | null) => void>(() => {});
  const check = useRef(async () => apply.current(await readStatus("GET")));
  apply.current = (status) => {
    clearTimeout(timer.current);
    if (status && !status.signedIn) {
      goToSignIn();
      return;
    }
    if (!status) {
      timer.current = setTimeout(() => void check.current(), 15_000);
      return;
    }
    const lead = Math.min(60_000, status.idleMs / 2);
    setEndsAt(Date.now() + status.remainingMs);
    if (status.remainingMs > lead) {
      setOpen(false);
      timer.current = setTimeout(() => void check.current(), status.remainingMs - lead);
    } else {
      setOpen(true);
      // While open: look again every few seconds (another tab may have stayed), and at the end.
      timer.current = setTimeout(() => void check.current(), Math.max(250, Math.min(POLL_OPEN_MS, status.remainingMs + 250)));
    }
  };

  useEffect(() => {
    installActivityTracking();
    void check.current();
    if ("BroadcastChannel" in window) {
      channel.current = new BroadcastChannel(CHANNEL);
      channel.current.onmessage = () => void check.current();
    }
    return () => {
      clearTimeout(timer.current);
      channel.current?.close();
    };
  }, []);

  useEffect(() => {
    if (!open) return;
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [open]);

  async function stay() {
    setBusy(true);
    const status = await readStatus("POST");
    setBusy(false);
    apply.current(status);
    channel.current?.postMessage("active");
  }

  const seconds = endsAt ? Math.max(0, Math.ceil((endsAt - now) / 1000)) : 0;
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? null : void stay())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40 backdrop-blur-[1px]" />
        <Dialog.Content
          data-testid="idle-warning"
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none"
        >
          <div className="flex items-start gap-3">
            <div className="flex size-9 shrink-0 items-center justify-center rounded-full bg-amber-50 text-amber-600">
              <Clock aria-hidden className="size-5" />
            </div>
            <div className="min-w-0 flex-1">
              <Dialog.Title className="text-base font-semibold text-slate-900">{t("idle.title")}</Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-slate-600" aria-live="polite">
                {t("idle.description", { count: seconds })}
              </Dialog.Description>
            </div>
          </div>
          <div className="mt-5 flex justify-end gap-2">
            <form method="post" action="/logout">
              <Button type="submit" variant="secondary">
                {t("idle.signOut")}
              </Button>
            </form>
            <Button type="button" onClick={() => void stay()} pending={busy} autoFocus>
              {t("idle.stay")}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
