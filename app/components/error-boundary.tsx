import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { FileQuestion, Lock, LogIn, ServerCrash } from "lucide-react";
import { buttonClasses } from "./ui/button";

type Copy = { icon: typeof Lock; title: string; text: string; action: { to: string; label: string } };

/** Status-specific copy; the server's message (e.g. which permission is needed) is shown under it. */
export function errorCopy(status: number | undefined): Copy {
  switch (status) {
    case 401:
      return {
        icon: LogIn,
        title: "Please sign in again",
        text: "Your session has ended. Sign in to continue; nothing was changed.",
        action: { to: "/login", label: "Sign in" },
      };
    case 403:
      return {
        icon: Lock,
        title: "You don't have access",
        text: "Your role does not allow this page or action. Ask an admin if you need it.",
        action: { to: "/", label: "Back to overview" },
      };
    case 404:
      return {
        icon: FileQuestion,
        title: "Not found",
        text: "We couldn't find that page or record. Check the address or search again.",
        action: { to: "/", label: "Back to overview" },
      };
    default:
      return {
        icon: ServerCrash,
        title: "Something went wrong",
        text: "An unexpected error stopped this page. Try again; if it keeps happening, tell the engineering team the time it happened.",
        action: { to: "/", label: "Back to overview" },
      };
  }
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
  if (!isRouteErrorResponse(error)) console.error(error);
  return <ErrorPage status={status} detail={detail} />;
}

export function ErrorPage({ status, detail }: { status?: number; detail?: string }) {
  const copy = errorCopy(status);
  const Icon = copy.icon;
  return (
    <div className="flex min-h-[60vh] items-center justify-center p-6" data-testid="error-page">
      <div className="max-w-md text-center">
        <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-600">
          <Icon aria-hidden className="size-6" />
        </div>
        {status ? <p className="text-sm font-semibold text-slate-500">Error {status}</p> : null}
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">{copy.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{copy.text}</p>
        {detail && detail !== copy.title ? <p className="mt-2 text-xs text-slate-500">{detail}</p> : null}
        <Link to={copy.action.to} className={buttonClasses("primary", "md", "mt-6")}>
          {copy.action.label}
        </Link>
      </div>
    </div>
  );
}
