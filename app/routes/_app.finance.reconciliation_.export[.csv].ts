import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { exportDifferencesStream } from "~/services/reconciliation/export.server";
import { isDifferenceKind } from "~/services/reconciliation/kinds";
import { getRun } from "~/services/reconciliation/list.server";
import { RECON_DIFFERENCE_STATUSES, type ReconDifferenceStatus } from "~db/schema";

/** GET /finance/reconciliation/export.csv?run=…&kind=…&status=…: a run's differences as on the page, streamed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, "finance:export");
  const q = new URL(request.url).searchParams;
  const run = await getRun(db(), q.get("run") ?? "");
  if (!run) return new Response("Choose a run to export.", { status: 400 });
  const kind = q.get("kind");
  const status = q.get("status");
  const filters = {
    runId: run.id,
    kind: isDifferenceKind(kind) ? kind : undefined,
    status: (RECON_DIFFERENCE_STATUSES as readonly string[]).includes(status ?? "")
      ? (status as ReconDifferenceStatus)
      : undefined,
  };
  await audit(db(), {
    actor: { id: staff.id, email: staff.email },
    action: "reconciliation.export",
    targetType: "reconciliation",
    targetId: run.id,
    request: filters,
    result: "ok",
  });
  return new Response(exportDifferencesStream(db(), filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="loket-reconciliation-${run.rangeFrom}-${run.rangeTo}-WIB.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
