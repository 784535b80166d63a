import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { audit } from "~/services/audit.server";
import { leftOutCsv } from "~/services/campaigns/left-out.server";

/**
 * The rows the audience left out (line, reason, parameter, detail), as the draft stored them. Like
 * the recipients export, it names customers, so the download is audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const id = params.campaignId ?? "";
  const csv = await leftOutCsv(db(), id);
  if (csv === undefined) throw new Response("Not found", { status: 404 });
  await audit(db(), {
    actor: { id: me.id, email: me.email },
    action: "campaign.export",
    targetType: "campaign",
    targetId: id,
    result: "ok",
    request: { export: "left_out" },
  });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="campaign-${id.slice(0, 8)}-left-out.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
