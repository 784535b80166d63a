import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { coinsCsvStream, coinsExportFilename } from "~/services/coins/export.server";
import { parseCoinSearch } from "~/services/coins/list.server";

/** GET /coins/export.csv?<the /coins filters>: the filtered payouts as CSV (csv-stringify), streamed in keyset batches; audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "finance:export");
  const { filters, values, errors } = parseCoinSearch(new URL(request.url).searchParams);
  if (Object.keys(errors).length > 0)
    return new Response(`Fix the filters first (${Object.keys(errors).join(", ")}).`, { status: 400 });
  await audit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "coins.export",
    targetType: "coin_payouts",
    request: { filters: values },
    result: "ok",
  });
  return new Response(coinsCsvStream(db(), filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${coinsExportFilename()}"`,
      "Cache-Control": "no-store",
    },
  });
}
