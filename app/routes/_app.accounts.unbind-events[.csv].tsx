import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";
import { db } from "~/db/client.server";
import { wibDateString } from "~/lib/time";
import { parseUnbindFilters, unbindEventsCsv } from "~/services/accounts/unbind-events.server";

/** Streamed CSV of the filtered unbind events (accounts:export). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "accounts:export");
  const { filters, errors } = parseUnbindFilters(new URL(request.url).searchParams);
  if (Object.keys(errors).length) return new Response(Object.values(errors).join(" "), { status: 400 });
  return new Response(unbindEventsCsv(db(), { ...filters, after: undefined }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="unbind-events-${wibDateString()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
