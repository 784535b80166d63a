import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "~/auth/guard.server";
import { releaseHold } from "~/services/holds/actions.server";

/**
 * One hold of a bulk release (the /holds page calls this once per selected hold, each with its
 * own idempotency key). Answers JSON `{status, message}` so the page can show a result per hold.
 */
const Input = z.object({ holdId: z.string().uuid(), idempotencyKey: z.string().uuid(), reason: z.string() });

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "holds:release");
  const parsed = Input.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return Response.json({ status: "refused", message: "Malformed request." }, { status: 400 });
  const res = await releaseHold({ ...parsed.data, actor: { id: me.id, label: me.email } });
  return Response.json({ status: res.status, message: res.message });
}
