import type { MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { pageTitle } from "~/components/meta";

/** Any path no route claims: a 404 through the error boundary (the status code is a real 404). */
export function loader(): never {
  throw new Response("Not found", { status: 404 });
}

export const meta: MetaFunction = () => pageTitle("Not found");

export default function NotFound() {
  return null;
}

export { GeneralErrorBoundary as ErrorBoundary };
