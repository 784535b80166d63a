import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { getLanguage } from "~/i18n/i18n.server";
import { requestT } from "~/lib/action.server";
import { audit } from "~/services/audit.server";
import { exportRefusalText } from "~/services/reports/period-words";
import { rowsExportScope } from "~/services/reports/rows-page.server";
import { reportRowsCsvStream, rowsCsvFilename } from "~/services/reports/rows.server";

/**
 * GET /finance/reports/rows.csv?source=…&from=…&to=…[&channel][&option]: the rows behind a total, streamed.
 * A URL that names no list, or days not yet happened, is a 400 naming what is wrong.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "finance:export");
  const asked = rowsExportScope(new URL(request.url).searchParams);
  if (!asked.ok) {
    const text = exportRefusalText(asked.refusal, await requestT(request), await getLanguage(request));
    return new Response(text, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const { scope } = asked;
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
