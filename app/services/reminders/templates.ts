import { formatIdr } from "~/lib/money";
import { renderParams, type ParamSources } from "~/services/campaigns/render";
import type { TemplateParamDef } from "~db/schema/campaign-templates";

/**
 * Reminders use Loket's template registry (`campaign_templates`, kind 'reminder', edited at
 * /campaigns/templates): the one place where a template's name as registered with GoPay and its
 * parameters' types and length limits are kept (app/services/reminders/registry.server.ts reads it).
 * This module only checks values against a registered template's parameters, the way campaigns
 * render them (campaigns/render.ts), and words the "payment due" text. Browser-safe: the create
 * form counts characters against the same limits.
 */

/** A registered reminder template as the pages and the checks need it. */
export interface ReminderTemplateView {
  id: string;
  name: string;
  description: string | null;
  params: TemplateParamDef[];
}

/** The registered template "payment due" reminders (bulk, the order page) are sent with. */
export const PAYMENT_DUE_TEMPLATE = "LOKET_PAYMENT_REMINDER";
export const PAYMENT_DUE_CTA = "Bayarkan";

export interface ParamProblem {
  param: string;
  /** missing: empty; length: outside min..max; format: not a number / amount / date the type needs */
  problem: "missing" | "length" | "format";
  min: number;
  max: number;
  length: number;
}

/**
 * Every parameter the registered template declares, formatted by its type and within its limits
 * (campaigns/render.ts, as a campaign's fixed value is); parameters it does not declare are dropped.
 */
export function checkReminderParams(
  defs: readonly TemplateParamDef[],
  given: Record<string, string | undefined>,
): { ok: true; params: Record<string, string> } | { ok: false; problems: ParamProblem[] } {
  const sources: ParamSources = {};
  for (const d of defs) sources[d.name] = { type: "fixed", value: given[d.name] ?? "" };
  const r = renderParams(defs, sources, {});
  if (r.ok) return { ok: true, params: r.params };
  const limits = new Map(defs.map((d) => [d.name, d]));
  return {
    ok: false,
    problems: r.problems.map((p) => {
      const d = limits.get(p.param);
      const problem: ParamProblem["problem"] =
        p.code === "too_long" || p.code === "too_short"
          ? "length"
          : p.code.startsWith("bad_")
            ? "format"
            : "missing";
      return { param: p.param, problem, min: d?.min ?? 0, max: d?.max ?? 0, length: p.length ?? 0 };
    }),
  };
}

/**
 * The "payment due" text for an order, in Bahasa Indonesia (what the customer reads in GoPay): the
 * longest wording that fits the registered template's `description` limits (shorter ones for long
 * order ids), with the CTA "Bayarkan". Without limits (no such parameter) the longest wording.
 */
export function paymentDueParams(
  order: { orderId: string; amount: bigint },
  defs: readonly TemplateParamDef[] = [],
): Record<string, string> {
  const d = defs.find((p) => p.name === "description");
  const fits = (s: string) => !d || (s.length >= d.min && s.length <= d.max);
  const amount = formatIdr(order.amount);
  const candidates = [
    `Pesanan ${order.orderId} senilai ${amount} menunggu pembayaran Anda.`,
    `Pesanan ${order.orderId} (${amount}) menunggu pembayaran Anda.`,
    `Pesanan ${order.orderId} menunggu pembayaran Anda di GoPay.`,
    `Pesanan Anda senilai ${amount} menunggu pembayaran di GoPay.`,
    "Pesanan Anda menunggu pembayaran. Selesaikan sekarang di GoPay.",
    "Pesanan Anda menunggu pembayaran di GoPay.",
  ];
  const pad = " Selesaikan sekarang.";
  const out = (description: string) => ({
    description,
    cta: PAYMENT_DUE_CTA,
    // A template that also names the order (LOKET_HOLD_REMINDER) gets it.
    ...(defs.some((p) => p.name === "order_id") ? { order_id: order.orderId } : {}),
  });
  for (const c of candidates) {
    if (fits(c)) return out(c);
    if (fits(c + pad)) return out(c + pad);
  }
  return out(candidates[4]!);
}
