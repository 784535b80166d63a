import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { clientIp } from "~/auth/request-meta.server";
import { db } from "~/db/client.server";
import { requestT } from "~/lib/action.server";
import { say } from "~/lib/words";
import { batchResultsCsv } from "~/services/coins/batch-view.server";

/** GET /coins/batches/:id/results.csv — every row's result (status, GoPay payment id, reason), streamed; audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "coins:read");
  const batchId = params.batchId ?? "";
  const stream = await batchResultsCsv(
    db(),
    batchId,
    { id: staff.id, email: staff.email },
    clientIp(context),
  );
  // A resource route: no error page says this in the staff member's language, so the loader does.
  if (!stream) throw new Response(say(await requestT(request), { key: "errors:notFound.batch" }, "No such batch."), { status: 404 });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="coin-batch-${batchId.slice(0, 8)}-results.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
