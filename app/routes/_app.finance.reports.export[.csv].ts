import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { getLanguage } from "~/i18n/i18n.server";
import { requestT } from "~/lib/action.server";
import { audit } from "~/services/audit.server";
import { reportCsvFilename, reportCsvStream, reportExportRange } from "~/services/reports/export.server";
import { exportRefusalText } from "~/services/reports/period-words";
import { dayFigures } from "~/services/reports/report.server";

/**
 * GET /finance/reports/export.csv?<period>: the report, one line per day × movement × channel × option.
 * A period that is not one, or has not begun, is a 400 saying so in the staff member's language.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "finance:export");
  const asked = reportExportRange(new URL(request.url).searchParams);
  if (!asked.ok) {
    const text = exportRefusalText(asked.refusal, await requestT(request), await getLanguage(request));
    return new Response(text, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { range } = asked;
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
