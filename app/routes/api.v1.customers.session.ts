import type { ActionFunctionArgs } from "@remix-run/node";
import { customerSessionSchema } from "~/services/merchant-api/schemas";
import { handleApiPost, apiMethodNotAllowed } from "~/services/merchant-api/route.server";
import { customerSession } from "~/services/merchant-api/customer-session.server";

/** POST /api/v1/customers/session — merchant API (API key auth; see app/services/merchant-api). */
export const action = ({ request }: ActionFunctionArgs) => handleApiPost(request, "customers.session", customerSessionSchema, customerSession);
export const loader = () => apiMethodNotAllowed();
