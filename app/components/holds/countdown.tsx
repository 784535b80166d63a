import { useEffect, useState } from "react";
import { useRevalidator } from "@remix-run/react";

function parts(ms: number) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return { m: Math.floor(s / 60), s: s % 60, total: s };
}

/**
 * Time left until a hold lapses, ticking every second in the browser. The visible text is short
 * (`4:07`); the accessible name says it in words and only changes by the minute, so a screen
 * reader is not flooded. At zero it says "Expiring" and asks the loader once for fresh data (the
 * hold becomes "expired" when GoPay's notification or the sweep confirms it).
 */
export function Countdown({ expiresAt, serverNow }: { expiresAt: Date | string; serverNow?: Date | string }) {
  const end = new Date(expiresAt).getTime();
  // Until hydration, render from the server's clock so server and client HTML match.
  const [now, setNow] = useState(() => (serverNow ? new Date(serverNow).getTime() : end));
  const revalidator = useRevalidator();
  const [asked, setAsked] = useState(false);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = parts(end - now);
  useEffect(() => {
    if (left.total === 0 && !asked && revalidator.state === "idle") {
      setAsked(true);
      // why: give GoPay's expiry notification a moment to land before re-reading.
      const t = setTimeout(() => revalidator.revalidate(), 2500);
      return () => clearTimeout(t);
    }
    if (left.total > 0 && asked) setAsked(false);
    return undefined;
  }, [left.total, asked, revalidator]);
  if (left.total === 0) {
    return (
      <span className="font-medium text-red-700" data-testid="countdown" aria-label="Hold time is up">
        Expiring
      </span>
    );
  }
  const soon = left.total <= 300;
  const words = left.m > 0 ? `Expires in about ${left.m + (left.s > 0 ? 1 : 0)} minute${left.m + 1 === 1 ? "" : "s"}` : "Expires in under a minute";
  return (
    <span
      data-testid="countdown"
      role="timer"
      aria-label={words}
      className={soon ? "font-medium tabular-nums text-amber-700" : "tabular-nums text-slate-700"}
    >
      {left.m}:{String(left.s).padStart(2, "0")}
    </span>
  );
}
