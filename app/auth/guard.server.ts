import { redirect } from "@remix-run/node";
import { can, type Permission } from "./permissions";
import { getCurrentStaff, type CurrentStaff } from "./session.server";

/**
 * The first line of every loader and action. Signed out → redirect to /login (back here after);
 * signed in without the permission → 403 (the route's error boundary shows it). Mutating
 * requests must also come from our own origin.
 */
export async function requireStaff(request: Request, permission?: Permission): Promise<CurrentStaff> {
  if (request.method !== "GET" && request.method !== "HEAD") assertSameOrigin(request);
  const current = await getCurrentStaff(request);
  if (!current) {
    const url = new URL(request.url);
    if (request.method !== "GET" && request.method !== "HEAD") {
      throw new Response("Sign in again to continue.", { status: 401 });
    }
    const back = `${url.pathname}${url.search}`;
    throw redirect(`/login${back && back !== "/" ? `?redirectTo=${encodeURIComponent(back)}` : ""}`);
  }
  if (permission && !can(current.role, permission)) {
    throw forbidden(permission);
  }
  return current;
}

export function forbidden(permission?: string): Response {
  return new Response(
    permission ? `Your role cannot do this (needs ${permission}).` : "Your role cannot do this.",
    { status: 403, statusText: "Forbidden" },
  );
}

/** CSRF defence in depth beside SameSite=Lax: a mutating request must carry our Origin (or Referer). */
export function assertSameOrigin(request: Request): void {
  const url = new URL(request.url);
  const expected = new Set([url.origin]);
  if (process.env.APP_URL) expected.add(new URL(process.env.APP_URL).origin);
  const origin = request.headers.get("Origin");
  if (origin) {
    if (!expected.has(origin)) throw new Response("Cross-origin request refused.", { status: 403 });
    return;
  }
  const referer = request.headers.get("Referer");
  if (referer) {
    let refOrigin: string | undefined;
    try {
      refOrigin = new URL(referer).origin;
    } catch {
      refOrigin = undefined;
    }
    if (refOrigin && expected.has(refOrigin)) return;
  }
  throw new Response("Cross-origin request refused (no Origin header).", { status: 403 });
}
