import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { auditCsvStream, auditExportFilename } from "~/services/audit-export.server";
import { parseAuditSearch } from "~/services/audit-search";

/** GET /audit/export.csv?<the /audit filters>: the filtered range as CSV, streamed in keyset batches; audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "audit:read");
  const { values, errors, filters } = parseAuditSearch(new URL(request.url).searchParams);
  if (errors.from || errors.to) return new Response(`Fix the date filters first (${[errors.from, errors.to].filter(Boolean).join(", ")}).`, { status: 400 });
  // Audited before the first byte: who exported which range (the export's own row is in it when the range covers now).
  await audit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "audit.export",
    targetType: "audit_log",
    request: { filters: values },
    result: "ok",
  });
  return new Response(auditCsvStream(db(), filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${auditExportFilename()}"`,
      "Cache-Control": "no-store",
    },
  });
}
