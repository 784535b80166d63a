import type { ActionFunctionArgs } from "@remix-run/node";
import { createPaymentSchema } from "~/services/merchant-api/schemas";
import { handleApiPost, apiMethodNotAllowed } from "~/services/merchant-api/route.server";
import { createPayment } from "~/services/merchant-api/payments.server";

/** POST /api/v1/payments — merchant API (API key auth; see app/services/merchant-api). */
export const action = ({ request }: ActionFunctionArgs) => handleApiPost(request, "payments", createPaymentSchema, createPayment);
export const loader = () => apiMethodNotAllowed();
