import type { ActionFunctionArgs } from "@remix-run/node";
import { ingestCoreNotification } from "~/services/notifications/ingest.server";
import { clientIp } from "~/auth/request-meta.server";
import { replyJson, rawBodyOf } from "~/services/notifications/http.server";

/**
 * POST /webhooks/gopay — Core API notifications (contract §2.4, §7): payments (signature_key,
 * constant time) and pay accounts (never trusted: stored, then re-fetched from GoPay).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return replyJson(405, { status_code: "405", status_message: "Method not allowed" });
  const rawBody = await rawBodyOf(request, context);
  const r = await ingestCoreNotification({ rawBody, headers: request.headers, clientIp: clientIp(context) });
  return replyJson(r.status, r.body, r.headers);
}

export function loader() {
  return replyJson(405, { status_code: "405", status_message: "Use POST" });
}
