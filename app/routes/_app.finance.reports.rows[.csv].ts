import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { parseRowsScope } from "~/services/reports/period";
import { reportRowsCsvStream, rowsCsvFilename } from "~/services/reports/rows.server";

/** GET /finance/reports/rows.csv?source=…&from=…&to=…[&channel][&option]: the rows behind a total, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "finance:export");
  const scope = parseRowsScope(new URL(request.url).searchParams);
  if (!scope)
    return new Response("Name a source and WIB days: ?source=payments&from=2026-11-01&to=2026-11-30", {
      status: 400,
    });
  await audit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "reports.export_rows",
    targetType: "report",
    request: { scope },
    result: "ok",
  });
  return new Response(reportRowsCsvStream(db(), scope), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${rowsCsvFilename(scope)}"`,
      "Cache-Control": "no-store",
    },
  });
}
