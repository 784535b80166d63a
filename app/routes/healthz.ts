import { databaseAnswers } from "~/services/health/health.server";

/** 200 when the database answers, 503 otherwise. Public: no secrets, no details. */
export async function loader() {
  if (await databaseAnswers()) return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  return Response.json({ status: "unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
}
