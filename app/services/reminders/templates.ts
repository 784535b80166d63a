import { formatIdr } from "~/lib/money";

/**
 * The reminder templates registered with GoPay for this merchant (GoPay has no "list templates"
 * API: the names and limits are agreed out of band; the sandbox knows the same ones). Loket checks
 * the parameters against these limits before any call, so a reminder GoPay would refuse is never sent.
 * Browser-safe: the create form shows the limits.
 */
export interface ReminderParamRule {
  name: string;
  min: number;
  max: number;
}

export const REMINDER_TEMPLATES = {
  LOKET_PAYMENT_REMINDER: [
    { name: "description", min: 50, max: 70 },
    { name: "cta", min: 7, max: 8 },
  ],
  LOKET_HOLD_REMINDER: [
    { name: "description", min: 50, max: 70 },
    { name: "cta", min: 7, max: 8 },
    { name: "order_id", min: 1, max: 64 },
  ],
} as const satisfies Record<string, readonly ReminderParamRule[]>;

export type ReminderTemplateName = keyof typeof REMINDER_TEMPLATES;
export const REMINDER_TEMPLATE_NAMES = Object.keys(REMINDER_TEMPLATES) as ReminderTemplateName[];
export const PAYMENT_DUE_TEMPLATE: ReminderTemplateName = "LOKET_PAYMENT_REMINDER";

export function isReminderTemplate(name: string): name is ReminderTemplateName {
  return Object.hasOwn(REMINDER_TEMPLATES, name);
}

export interface ParamProblem {
  param: string;
  /** missing: empty; length: outside min..max */
  problem: "missing" | "length";
  min: number;
  max: number;
  length: number;
}

/** Every parameter the template needs, within its limits; extra parameters are dropped. */
export function checkReminderParams(
  template: ReminderTemplateName,
  given: Record<string, string | undefined>,
): { ok: true; params: Record<string, string> } | { ok: false; problems: ParamProblem[] } {
  const params: Record<string, string> = {};
  const problems: ParamProblem[] = [];
  for (const rule of REMINDER_TEMPLATES[template]) {
    const v = (given[rule.name] ?? "").trim();
    // Characters as GoPay counts them (UTF-16 code units, as the sandbox's String.length).
    if (!v) problems.push({ param: rule.name, problem: "missing", min: rule.min, max: rule.max, length: 0 });
    else if (v.length < rule.min || v.length > rule.max)
      problems.push({ param: rule.name, problem: "length", min: rule.min, max: rule.max, length: v.length });
    else params[rule.name] = v;
  }
  return problems.length ? { ok: false, problems } : { ok: true, params };
}

export const PAYMENT_DUE_CTA = "Bayarkan";

/**
 * The "payment due" text for an order, in Bahasa Indonesia (what the customer reads in GoPay),
 * always 50–70 characters: the longest wording that fits, shorter ones for long order ids.
 */
export function paymentDueParams(order: { orderId: string; amount: bigint }): Record<string, string> {
  const amount = formatIdr(order.amount);
  const candidates = [
    `Pesanan ${order.orderId} senilai ${amount} menunggu pembayaran Anda.`,
    `Pesanan ${order.orderId} (${amount}) menunggu pembayaran Anda.`,
    `Pesanan ${order.orderId} menunggu pembayaran Anda di GoPay.`,
    `Pesanan Anda senilai ${amount} menunggu pembayaran di GoPay.`,
  ];
  const pad = " Selesaikan sekarang.";
  for (const c of candidates) {
    if (c.length >= 50 && c.length <= 70) return { description: c, cta: PAYMENT_DUE_CTA };
    if (c.length < 50 && c.length + pad.length <= 70 && c.length + pad.length >= 50)
      return { description: c + pad, cta: PAYMENT_DUE_CTA };
  }
  return {
    description: "Pesanan Anda menunggu pembayaran. Selesaikan sekarang di GoPay.",
    cta: PAYMENT_DUE_CTA,
  };
}
