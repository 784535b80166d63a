import { useEffect, useState } from "react";
import { useQuietRevalidate } from "~/lib/quiet-revalidate";
import { useTranslation } from "react-i18next";
import { say } from "~/lib/words";

function parts(ms: number) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return { d: Math.floor(s / 86_400), h: Math.floor(s / 3600), m: Math.floor(s / 60), s: s % 60, total: s };
}

/**
 * `4:07`, `1:04:07` from an hour, `2 d 3 h` from a day (holds last up to 7 days); with a `t`, the
 * day form in its language (`holds:countdown.days`: `2 h 3 j` in Bahasa Indonesia).
 */
export function formatLeft(totalSeconds: number, t?: unknown): string {
  const s = Math.max(0, totalSeconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  if (d > 0) return say(t, t ? { key: "holds:countdown.days", params: { d, h: h % 24 } } : undefined, `${d} d ${h % 24} h`);
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${sec}`;
  return `${m}:${sec}`;
}

/**
 * Time left until a hold lapses, ticking every second in the browser. The visible text is short
 * (`4:07`); the accessible name says it in words and only changes by the minute, so a screen
 * reader is not flooded. At zero it says "Expiring" and re-reads the loader — after 2.5 s, then
 * every 5 s while this row is still shown as authorised — so the row flips to "expired" by itself
 * once GoPay's notification or the sweep has confirmed the lapse (never on our clock alone).
 */
export function Countdown({ expiresAt, serverNow }: { expiresAt: Date | string; serverNow?: Date | string }) {
  const { t } = useTranslation("holds");
  const end = new Date(expiresAt).getTime();
  // Until hydration, render from the server's clock so server and client HTML match.
  const [now, setNow] = useState(() => (serverNow ? new Date(serverNow).getTime() : end));
  // Not while a capture or release runs: its redirect carries the toast (lib/quiet-revalidate.ts).
  const revalidate = useQuietRevalidate();
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = parts(end - now);
  const atZero = left.total === 0;
  useEffect(() => {
    if (!atZero) return undefined;
    let asked = 0;
    const ask = () => {
      // why: several rows may hit zero together; one loader read serves them all. After ~3
      // minutes stop asking: GoPay still holds it (clock skew) and the server's sweep will decide.
      if (asked >= 36) return;
      asked++;
      revalidate();
    };
    // why: give GoPay's expiry notification a moment to land before the first re-read.
    const first = setTimeout(ask, 2500);
    const again = setInterval(ask, 5000);
    return () => {
      clearTimeout(first);
      clearInterval(again);
    };
  }, [atZero, revalidate]);
  if (left.total === 0) {
    return (
      <span className="font-medium text-red-700" data-testid="countdown" title={t("countdown.expiringTitle")}>
        {t("countdown.expiring")}
      </span>
    );
  }
  const soon = left.total <= 300;
  const mins = left.m + (left.s > 0 ? 1 : 0);
  const hours = Math.round(left.total / 3600);
  const words = left.h >= 2 ? t("countdown.hours", { count: hours }) : left.m > 0 ? t("countdown.minutes", { count: mins }) : t("countdown.underMinute");
  return (
    <span
      data-testid="countdown"
      role="timer"
      aria-label={words}
      className={soon ? "font-medium tabular-nums text-amber-700" : "tabular-nums text-slate-700"}
    >
      {formatLeft(left.total, t)}
    </span>
  );
}
