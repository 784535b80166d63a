import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { exportFilename, exportOrdersStream } from "~/services/orders/export.server";
import { parseOrderSearch } from "~/services/orders/search-params";

/** GET /orders/export.csv?<the /orders filters>: the filtered set, streamed in keyset batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "orders:export");
  const parsed = parseOrderSearch(new URL(request.url).searchParams);
  if (Object.keys(parsed.errors).length > 0) {
    return new Response(`Fix the filters first: ${Object.values(parsed.errors).join(" ")}`, { status: 400 });
  }
  // Audited when it starts (who asked for which view); the row count is not known until the end.
  await audit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "orders.export",
    targetType: "orders",
    request: { filters: parsed.values },
    result: "ok",
  });
  return new Response(exportOrdersStream(db(), parsed.filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename()}"`,
      "Cache-Control": "no-store",
    },
  });
}
