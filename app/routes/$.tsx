import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, pageTitle } from "~/components/meta";

/**
 * Any path no route claims: a 404 through the error boundary (the status code is a real 404).
 * server/app.ts also renders its refusals here (cross-site 403, 413, a NUL byte's 400): it asks
 * for a path only this route matches and passes the status and sentence as `context.refusal`.
 */
export function loader({ context }: LoaderFunctionArgs): never {
  const refusal = (context as { refusal?: { status: number; message: string } } | undefined)?.refusal;
  if (refusal) throw new Response(refusal.message, { status: refusal.status });
  // No sentence: the page's own (translated) copy says it all.
  throw new Response("", { status: 404 });
}

export const meta: MetaFunction = ({ error, matches }) => {
  const t = metaT(matches);
  const status = (error as { status?: number } | undefined)?.status;
  return pageTitle(
    t(status === 403 ? "errors:titles.refused" : status === 413 ? "errors:titles.tooLarge" : status === 400 ? "errors:titles.badRequest" : "errors:titles.notFound"),
  );
};

export default function NotFound() {
  return null;
}

export { GeneralErrorBoundary as ErrorBoundary };
