import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { defineAction, parseAction, requestT } from "~/lib/action.server";
import { translateSentence } from "~/lib/sentences";
import { say } from "~/lib/words";
import { releaseHold } from "~/services/holds/actions.server";

/** The /holds list's own query (its view, filters and page): what a GET here keeps on its way there. */
const LIST_PARAMS = ["view", "status", "from", "to", "min", "max", "after", "before"] as const;

/**
 * Only the /holds page posts here, but a person can still open the address (a reload, a link, the
 * history): send them to the page where bulk release happens, with its filters, instead of
 * answering a bare "no loader" error. Signed in is enough to be sent on: /holds checks holds:read
 * itself and says so on a real page (this resource route could only answer a bare 403).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const from = new URL(request.url).searchParams;
  const keep = new URLSearchParams();
  for (const name of LIST_PARAMS) for (const value of from.getAll(name)) if (value) keep.append(name, value);
  const query = keep.toString();
  return redirect(query ? `/holds?${query}` : "/holds");
}

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
