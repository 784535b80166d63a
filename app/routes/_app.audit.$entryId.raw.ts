import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import type { AuditRaw } from "~/components/audit/audit-raw-dialog";
import { db } from "~/db/client.server";
import { getAuditEntry } from "~/services/audit.server";

/**
 * GET /audit/:entryId/raw: one entry as stored, as JSON, for /audit's raw-data dialog. Fetched when
 * the dialog opens, so the list page does not carry every row's request and detail JSON.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "audit:read");
  const r = await getAuditEntry(db(), params.entryId ?? "");
  const headers = { "Cache-Control": "private, no-store" };
  if (!r) return Response.json({ error: "not found" }, { status: 404, headers });
  const raw: AuditRaw = {
    id: r.id.toString(),
    action: r.action,
    request: r.request,
    detail: r.detail,
    idempotencyKey: r.idempotencyKey,
    ip: r.ip,
    targetType: r.targetType,
    targetId: r.targetId,
    actorId: r.actorId,
  };
  return Response.json(raw, { headers });
}
