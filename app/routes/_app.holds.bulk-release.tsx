import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { defineAction, parseAction, requestT } from "~/lib/action.server";
import { translateSentence } from "~/lib/sentences";
import { say } from "~/lib/words";
import { releaseHold } from "~/services/holds/actions.server";

/**
 * One hold of a bulk release (the /holds page calls this once per selected hold, each with its
 * own idempotency key). Answers JSON `{status, message}` so the page can show a result per hold.
 */
const BulkRelease = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("release"),
      holdId: z.string().uuid("holds:errors.noHold"),
      idempotencyKey: z.string().uuid("holds:errors.malformed"),
      reason: z.string().trim().min(3, "holds:errors.reason").max(500),
    }),
  ]),
  { release: "holds:release" },
);

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, BulkRelease);
  if (!parsed.ok) {
    const errors = parsed.reply.data.errors ?? {};
    const message = Object.values(errors)[0] ?? say(await requestT(request), { key: "holds:errors.malformed" }, "Malformed request.");
    return Response.json({ status: "refused", message }, { status: 400 });
  }
  const { staff, input } = parsed;
  const res = await releaseHold({ ...input, actor: { id: staff.id, label: staff.email } });
  return Response.json({ status: res.status, message: translateSentence(await requestT(request), res.message) });
}
