import type { ActionFunctionArgs } from "@remix-run/node";
import { createPayAccountSchema } from "~/services/merchant-api/schemas";
import { handleApiPost, apiMethodNotAllowed } from "~/services/merchant-api/route.server";
import { createPayAccount } from "~/services/merchant-api/pay-accounts.server";

/** POST /api/v1/pay-accounts — merchant API (API key auth; see app/services/merchant-api). */
export const action = ({ request }: ActionFunctionArgs) => handleApiPost(request, "pay-accounts", createPayAccountSchema, createPayAccount);
export const loader = () => apiMethodNotAllowed();
