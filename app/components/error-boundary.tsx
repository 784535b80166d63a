import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useEffect } from "react";
import { FileQuestion, Lock, LogIn, ServerCrash } from "~/components/ui/icons";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "./ui/button";

type Copy = { icon: typeof Lock; title: string; text: string; action: { to: string; label: string } };

/** Status-specific copy; the server's message (e.g. which permission is needed) is shown under it. */
export function errorCopy(status: number | undefined, t: TFunction<"errors">): Copy {
  switch (status) {
    case 401:
      return { icon: LogIn, title: t("signIn.title"), text: t("signIn.text"), action: { to: "/login", label: t("signIn.action") } };
    case 403:
      return { icon: Lock, title: t("forbidden.title"), text: t("forbidden.text"), action: { to: "/", label: t("backToOverview") } };
    case 404:
      return { icon: FileQuestion, title: t("notFound.title"), text: t("notFound.text"), action: { to: "/", label: t("backToOverview") } };
    default:
      return { icon: ServerCrash, title: t("unexpected.title"), text: t("unexpected.text"), action: { to: "/", label: t("backToOverview") } };
  }
}

/**
 * The server's refusal and not-found sentences (app/auth/guard.server.ts, server/app.ts, parseAction,
 * loaders' 404s) in the page's language: `Your role cannot do this (needs orders:refund).` → the
 * same in Indonesian, the code kept. A sentence not listed is shown as it is.
 */
const DETAILS: { re: RegExp; key: string; params?: (m: RegExpExecArray) => Record<string, string> }[] = [
  { re: /^Your role cannot do this \(needs ([a-z:_-]+(?: or [a-z:_-]+)*)\)\.$/, key: "forbidden.needs", params: (m) => ({ permission: m[1]! }) },
  { re: /^Your role cannot do this\.$/, key: "refusal.roleCannot" },
  { re: /^Sign in again to continue\.$/, key: "refusal.signInAgain" },
  { re: /^Cross-(?:site|origin) request refused(?:: this form must be sent from Loket itself| \(no Origin header\))?\.$/, key: "refusal.crossOrigin" },
  { re: /^The request body is larger than (\d+) KB\.$/, key: "refusal.tooLarge", params: (m) => ({ kb: m[1]! }) },
  { re: /^The path contains a NUL character \(%00\), which Loket does not accept\.$/, key: "refusal.nulPath" },
  { re: /^The query contains a NUL character \(%00\), which Loket does not accept\.$/, key: "refusal.nulQuery" },
  { re: /^Unknown intent "(.*)"\.$/s, key: "refusal.unknownIntent", params: (m) => ({ intent: m[1]! }) },
  // Loaders' and actions' 404s (app/routes/_app.orders.$orderId*.ts*, _app.coins.batches.$batchId*.ts*).
  { re: /^No order with id “(.*)”\.$/s, key: "notFound.order", params: (m) => ({ orderId: m[1]! }) },
  { re: /^Order not found\.$/, key: "notFound.orderGone" },
  { re: /^No such batch\.$/, key: "notFound.batch" },
];

/** A refusal sentence of the server in the language of `t`, or the sentence as it is. */
export function translateDetail(detail: string, t: TFunction<"errors">): string {
  for (const d of DETAILS) {
    const m = d.re.exec(detail);
    if (m) return (t as unknown as (k: string, o: Record<string, unknown>) => string)(d.key, { ...d.params?.(m), defaultValue: detail, interpolation: { escapeValue: false } });
  }
  return detail;
}

/**
 * The error page every route can export: `export { GeneralErrorBoundary as ErrorBoundary }`.
 * Thrown Responses (403 from requireStaff, 404 from loaders) get status-specific copy; anything
 * else is an unexpected error whose details never reach the page in production.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : undefined;
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data.length < 300 ? error.data : undefined;
  // In the browser, an unexpected error goes to the page's error reporting (the console, and any
  // `error` listener). Never during the server's render: the server logged it already, redacted
  // (entry.server.tsx handleError), and a database error's text carries customers' values.
  useEffect(() => {
    if (!isRouteErrorResponse(error)) reportError(error);
  }, [error]);
  return <ErrorPage status={status} detail={detail} />;
}

export function ErrorPage({ status, detail }: { status?: number; detail?: string }) {
  const { t } = useTranslation("errors");
  const copy = errorCopy(status, t);
  const Icon = copy.icon;
  const shownDetail = detail ? translateDetail(detail, t) : undefined;
  return (
    <div className="flex min-h-[60vh] items-center justify-center p-6" data-testid="error-page">
      <div className="max-w-md text-center">
        <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-600">
          <Icon aria-hidden className="size-6" />
        </div>
        {status ? <p className="text-sm font-semibold text-slate-500">{t("code", { status })}</p> : null}
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{copy.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{copy.text}</p>
        {shownDetail && shownDetail !== copy.title ? <p className="mt-2 text-xs text-slate-500">{shownDetail}</p> : null}
        <Link to={copy.action.to} className={buttonClasses("primary", "md", "mt-6")}>
          {copy.action.label}
        </Link>
      </div>
    </div>
  );
}
