import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { reportCsvFilename, reportCsvStream } from "~/services/reports/export.server";
import { parsePeriod, periodRange } from "~/services/reports/period";
import { dayFigures } from "~/services/reports/report.server";

/** GET /finance/reports/export.csv?<period>: the report, one line per day × movement × channel × option. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "finance:export");
  const period = parsePeriod(new URL(request.url).searchParams);
  const range = periodRange(period);
  await audit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "reports.export",
    targetType: "report",
    request: { range },
    result: "ok",
  });
  return new Response(reportCsvStream(await dayFigures(db(), range)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportCsvFilename(range)}"`,
      "Cache-Control": "no-store",
    },
  });
}
