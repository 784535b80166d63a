import { z } from "zod";
import { fromDecimalAmount, type Minor } from "~/lib/money";
import { GopayError, type GopayApi } from "./errors";

/** Zod-validates a GoPay response body: a surprising body is a GopayError, never `undefined` later. */
export function parseResponse<T extends z.ZodTypeAny>(
  schema: T,
  json: unknown,
  ctx: { api: GopayApi; operation: string; requestId?: string; httpStatus: number; text: string; mutating: boolean },
): z.output<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const where = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
  throw new GopayError({
    kind: "invalid_response",
    api: ctx.api,
    operation: ctx.operation,
    requestId: ctx.requestId,
    httpStatus: ctx.httpStatus,
    message: `Unexpected response from GoPay for ${ctx.operation}: ${where}`,
    retryable: false,
    // An unreadable answer to a money call means we do not know what GoPay did.
    outcomeUnknown: ctx.mutating,
    body: json ?? ctx.text.slice(0, 2000),
  });
}

/** A decimal amount string or number from GoPay (`"10000.00"`) → bigint minor units. */
export const decimalAmount = z
  .union([z.string(), z.number()])
  .refine((v) => /^\d+(\.\d{1,2})?$/.test(String(v).trim()), { message: "not a decimal amount" })
  .transform((v): Minor => fromDecimalAmount(v));

/** SNAP `{value, currency}` → `{ amount, currency }`. */
export const snapMoney = z
  .object({ value: decimalAmount, currency: z.string() })
  .transform((m) => ({ amount: m.value, currency: m.currency }));

/** One refundHistory entry of a SNAP status answer or notification (both name spellings accepted). */
export const snapRefundEntry = z
  .object({
    refundNo: z.string().optional(),
    partnerRefundNo: z.string().optional(),
    // The docs' table and sample disagree on these names (contract §1.11); accept both.
    partnerReferenceNo: z.string().optional(),
    refundAmount: snapMoney,
    refundStatus: z.string().optional(),
    refundDate: z.string().optional(),
    refundTime: z.string().optional(),
    reason: z.string().optional(),
  })
  .transform((r) => ({
    refundNo: r.refundNo,
    partnerRefundNo: r.partnerRefundNo ?? r.partnerReferenceNo,
    amount: r.refundAmount.amount,
    status: r.refundStatus,
    date: r.refundDate ?? r.refundTime,
    reason: r.reason,
  }));

/** One `refunds[]` entry of a Core status answer or payment notification (one schema for both). */
export const coreRefundEntry = z
  .object({
    refund_chargeback_id: z.union([z.string(), z.number()]).optional(),
    refund_amount: decimalAmount,
    refund_key: z.string().optional(),
    reason: z.string().optional(),
    created_at: z.string().optional(),
  })
  .passthrough()
  .transform((r) => ({
    refundKey: r.refund_key,
    refundChargebackId: r.refund_chargeback_id === undefined ? undefined : String(r.refund_chargeback_id),
    amount: r.refund_amount,
    reason: r.reason,
    createdAt: r.created_at,
  }));
export type CoreRefundEntry = z.output<typeof coreRefundEntry>;
