import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { defineAction, parseAction } from "~/lib/action.server";
import { releaseHold } from "~/services/holds/actions.server";

/**
 * One hold of a bulk release (the /holds page calls this once per selected hold, each with its
 * own idempotency key). Answers JSON `{status, message}` so the page can show a result per hold.
 */
const BulkRelease = defineAction(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("release"),
      holdId: z.string().uuid("This hold does not exist; reload the page."),
      idempotencyKey: z.string().uuid("Malformed request."),
      reason: z.string().trim().min(3, "Give a reason for the release (at least 3 characters).").max(500),
    }),
  ]),
  { release: "holds:release" },
);

export async function action({ request }: ActionFunctionArgs) {
  const parsed = await parseAction(request, BulkRelease);
  if (!parsed.ok) {
    const errors = parsed.reply.data.errors ?? {};
    return Response.json({ status: "refused", message: Object.values(errors)[0] ?? "Malformed request." }, { status: 400 });
  }
  const { staff, input } = parsed;
  const res = await releaseHold({ ...input, actor: { id: staff.id, label: staff.email } });
  return Response.json({ status: res.status, message: res.message });
}
