import type { ActionFunctionArgs } from "@remix-run/node";
import { createChargeSchema } from "~/services/merchant-api/schemas";
import { handleApiPost, apiMethodNotAllowed } from "~/services/merchant-api/route.server";
import { createCharge } from "~/services/merchant-api/charges.server";

/** POST /api/v1/charges — merchant API (API key auth; see app/services/merchant-api). */
export const action = ({ request }: ActionFunctionArgs) => handleApiPost(request, "charges", createChargeSchema, createCharge);
export const loader = () => apiMethodNotAllowed();
