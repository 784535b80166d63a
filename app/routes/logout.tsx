import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { clearSessionCookie, getCurrentStaff } from "~/auth/session.server";
import { db } from "~/db/client.server";
import { signOut } from "~/services/staff/sign-in.server";

/** Sign-out is POST only (a GET could be triggered by an <img> on any page). */
export async function loader(_args: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const current = await getCurrentStaff(request);
  // Already signed out (expired or revoked elsewhere): nothing to revoke, just clear the cookie.
  if (current) await signOut(db(), current, clientIp(context));
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie() } });
}
