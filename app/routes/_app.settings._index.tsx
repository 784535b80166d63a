import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/guard.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "settings:read");
  throw redirect("/settings/staff");
}
