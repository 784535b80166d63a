import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import type { SessionStatus } from "~/components/session/idle-warning";
import { getCurrentStaff, idleTimeoutMs, sessionNow, touchSession } from "~/auth/session.server";

/**
 * The idle clock, for the warning dialog (app/components/session/idle-warning.tsx).
 * GET: when does my session end if nothing happens? Never counts as activity, so a tab asking
 * does not keep itself signed in; it sees what another tab's activity did.
 * POST (same origin, "Stay signed in"): counts as activity and answers the new end.
 */

const noStore = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await getCurrentStaff(request, { touch: false });
  if (!me) return json<SessionStatus>({ signedIn: false }, { headers: noStore });
  return json<SessionStatus>({ signedIn: true, remainingMs: me.idleExpiresAt.getTime() - sessionNow().getTime(), idleExpiresAt: me.idleExpiresAt.toISOString(), idleMs: idleTimeoutMs() }, { headers: noStore });
}

export async function action({ request }: ActionFunctionArgs) {
  // requireStaff checks the Origin (a foreign page cannot keep a session alive) and answers 401 when it has ended.
  const me = await requireStaff(request);
  const until = await touchSession(me);
  return json<SessionStatus>({ signedIn: true, remainingMs: until.getTime() - sessionNow().getTime(), idleExpiresAt: until.toISOString(), idleMs: idleTimeoutMs() }, { headers: noStore });
}
