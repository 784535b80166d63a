import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestSnapNotification } from "~/services/notifications/ingest.server";
import { clientIp } from "~/auth/request-meta.server";
import { replyJson, rawBodyOf } from "~/services/notifications/http.server";

/**
 * POST /v1.0/debit/notify — GoPay's SNAP BI payment notification (contract §1.11, §7). Verified over
 * the exact bytes received (server/index.ts keeps them as context.rawBody), stored, then applied.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return replyJson(405, { responseCode: "4055600", responseMessage: "Method not allowed" });
  const rawBody = await rawBodyOf(request, context);
  const r = await ingestSnapNotification({ rawBody, headers: request.headers, clientIp: clientIp(context) });
  return replyJson(r.status, r.body, r.headers);
}

export function loader() {
  return replyJson(405, { responseCode: "4055600", responseMessage: "Use POST" });
}
