import type { DbOrTx } from "~/db/client.server";
import { gopay, isGopayError, type GopayClient } from "~/gopay/index.server";
import { decryptSecret } from "~/lib/crypto.server";
import { audit, type AuditActor } from "~/services/audit.server";
import { apiPayload, type ApiPayload } from "./preview";
import { renderParams, type ParamSources, type RenderProblem } from "./render";
import { getTemplate, testRecipient } from "./templates.server";

/**
 * "Send a test": one real push or reminder to one chosen customer through the GoPay mini-app API,
 * to verify a template against GoPay (an unknown template is refused with 40003). The Request-Id
 * is stored (an audit row "pending", with it as idempotency key) BEFORE the call; the answer is
 * audited after. An unknown outcome (timeout, 5xx, dropped answer) is retried only with the SAME
 * Request-Id (the page keeps it), never with a new one.
 */
export type TestSendResult =
  | { status: "invalid"; problems: RenderProblem[] }
  | { status: "refused"; reason: "template_gone" | "customer_gone" | "no_token" }
  | {
      status: "sent" | "failed" | "unknown";
      requestId: string;
      payload: ApiPayload;
      /** GoPay's answer: HTTP status, code and message (or the reminder id on success). */
      httpStatus?: number;
      code?: string;
      message?: string;
      reminderId?: string;
    };

export async function sendTemplateTest(
  database: DbOrTx,
  input: { templateId: string; customerId: string; values: Record<string, string>; requestId: string },
  actor: AuditActor & { id: string },
  opts: { client?: GopayClient; ip?: string | null } = {},
): Promise<TestSendResult> {
  const template = await getTemplate(database, input.templateId);
  if (!template) return { status: "refused", reason: "template_gone" };
  const sources: ParamSources = Object.fromEntries(
    template.params.map((p) => [p.name, { type: "fixed" as const, value: input.values[p.name] ?? "" }]),
  );
  const rendered = renderParams(template.params, sources, {});
  if (!rendered.ok) return { status: "invalid", problems: rendered.problems };
  const customer = await testRecipient(database, input.customerId);
  if (!customer) return { status: "refused", reason: "customer_gone" };
  if (!customer.authTokenEnc) return { status: "refused", reason: "no_token" };

  const payload = apiPayload(template.kind, template.name, rendered.params, input.requestId);
  const base = {
    actor,
    action: "campaign.template_test" as const,
    targetType: "campaign_template",
    targetId: template.id,
    idempotencyKey: input.requestId,
    ip: opts.ip,
  };
  const request = {
    template: template.name,
    kind: template.kind,
    customerId: customer.id,
    params: rendered.params,
  };
  // The key is on record before GoPay hears of it.
  await audit(database, { ...base, request, result: "pending" });
  const client = opts.client ?? gopay();
  const authToken = decryptSecret(customer.authTokenEnc);
  try {
    let reminderId: string | undefined;
    if (template.kind === "push")
      await client.miniApp.push({
        authToken,
        requestId: input.requestId,
        templateName: template.name,
        templateParameters: rendered.params,
      });
    else
      reminderId = (
        await client.miniApp.createReminder({
          authToken,
          requestId: input.requestId,
          templateName: template.name,
          templateParameters: rendered.params,
        })
      ).reminderId;
    await audit(database, { ...base, request, result: "ok", detail: { httpStatus: 200, reminderId } });
    return { status: "sent", requestId: input.requestId, payload, httpStatus: 200, reminderId };
  } catch (err) {
    if (!isGopayError(err)) {
      await audit(database, {
        ...base,
        request,
        result: "unknown",
        detail: { message: err instanceof Error ? err.message : String(err) },
      });
      return {
        status: "unknown",
        requestId: input.requestId,
        payload,
        message: err instanceof Error ? err.message : String(err),
      };
    }
    const status = err.outcomeUnknown ? "unknown" : "failed";
    await audit(database, {
      ...base,
      request,
      result: status,
      detail: { httpStatus: err.httpStatus, code: err.responseCode, message: err.message },
    });
    return {
      status,
      requestId: input.requestId,
      payload,
      httpStatus: err.httpStatus,
      code: err.responseCode,
      message: err.message,
    };
  }
}
