import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { reauthenticate } from "~/auth/reauth.server";
import { clientIp } from "~/auth/request-meta.server";
import { db } from "~/db/client.server";
import { answer, defineAction, parseAction, refuse, requestT } from "~/lib/action.server";
import { say } from "~/lib/words";

/**
 * Re-authentication (app/auth/reauth.server.ts): the ReauthDialog posts password + current code
 * here; success stamps the session for a few minutes. No page: an action only.
 */
const ReauthAction = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("reauth"),
      password: z.string().min(1, "auth:errors.password").max(1024),
      code: z.string().trim().max(40).optional(),
    }),
  ]),
  { reauth: "account:security" },
);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = await parseAction(request, ReauthAction);
  if (!parsed.ok) return parsed.reply;
  const result = await reauthenticate(db(), parsed.staff, { password: parsed.input.password, code: parsed.input.code, ip: clientIp(context) });
  if (!result.ok) {
    return refuse({ form: say(await requestT(request), result.words, "That password or code is not right.") }, { intent: "reauth", status: result.throttled ? 429 : 400 });
  }
  return answer({ until: result.until.toISOString() }, { intent: "reauth" });
}
