import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { wibDateString } from "~/lib/time";
import { audit } from "~/services/audit.server";
import { getCampaign, parseLogFilters, recipientLogCsv } from "~/services/campaigns/recipients-log.server";

/** A campaign's per-recipient log as streamed CSV (filtered as on the page); the export is audited. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "campaigns:read");
  const campaign = await getCampaign(db(), params.campaignId ?? "");
  if (!campaign) throw new Response("Not found", { status: 404 });
  const filters = parseLogFilters(new URL(request.url).searchParams);
  await audit(db(), {
    actor: { id: me.id, email: me.email },
    action: "campaign.export",
    targetType: "campaign",
    targetId: campaign.id,
    result: "ok",
    request: filters,
  });
  return new Response(recipientLogCsv(db(), campaign.id, filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="campaign-${campaign.id.slice(0, 8)}-recipients-${wibDateString()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
