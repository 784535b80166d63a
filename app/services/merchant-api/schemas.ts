import { z } from "zod";
import { MAX_TRANSACTION_RUPIAH, SEN_PER_RUPIAH } from "~/lib/money";
import { normalisePhone } from "~/lib/phone";

/**
 * Field rules of the merchant API. Amounts are JSON STRINGS of WHOLE rupiah ("150000"); JSON
 * numbers are refused so a float can never carry money. Sen are refused, even ".00", as the back
 * office refuses them (docs/decisions/0002: GoPay takes whole rupiah; one rule, and the sentence
 * says what to send). At most MAX_TRANSACTION_RUPIAH, GoPay's ceiling for one transaction, checked
 * on the digits before any bigint is built. They become bigint minor units (sen) here.
 */
export const AMOUNT_HELP = 'Send the amount as a string of rupiah without sen, e.g. "150000".';

export const amountSchema = z
  .string({ required_error: "amount is required.", invalid_type_error: AMOUNT_HELP })
  .transform((s, ctx) => {
    const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
    if (!m) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: AMOUNT_HELP });
      return z.NEVER;
    }
    const digits = m[1]!.replace(/^0+(?=\d)/, "");
    if (digits.length > MAX_TRANSACTION_RUPIAH.toString().length || BigInt(digits) > MAX_TRANSACTION_RUPIAH) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `At most "${MAX_TRANSACTION_RUPIAH}": GoPay moves no more in one transaction.` });
      return z.NEVER;
    }
    if (m[2] !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Rupiah are whole: send "${digits}", without sen.` });
      return z.NEVER;
    }
    if (digits === "0") {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "The amount must be at least Rp 1." });
      return z.NEVER;
    }
    return BigInt(digits) * SEN_PER_RUPIAH;
  });

export const orderIdSchema = z
  .string({ required_error: "order_id is required." })
  .min(1, "order_id is required.")
  .max(64, "order_id is at most 64 characters.")
  .regex(/^[A-Za-z0-9\-_~.]+$/, "order_id may contain only letters, digits and - _ ~ .");

export const merchantUserIdSchema = z
  .string({ required_error: "merchant_user_id is required." })
  .trim()
  .min(1, "merchant_user_id is required.")
  .max(255, "merchant_user_id is at most 255 characters.");

export const phoneSchema = z
  .string({ invalid_type_error: "phone must be a string." })
  .transform((s, ctx) => {
    const p = normalisePhone(s);
    if (!p) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Use an Indonesian phone number, e.g. 081234567890 or +6281234567890." });
      return z.NEVER;
    }
    return p;
  });

/** Loopback hosts: the only ones a plain-http redirect may go to (a merchant testing against the local sandbox). */
const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/**
 * Where GoPay sends the customer back: `https:` only (`javascript:`, `data:` and the like would run
 * in the customer's browser; plain http leaks the return over the network), or `http:` to a
 * loopback host while GoPay itself is the local sandbox. No credentials in the URL.
 */
export const redirectUrlSchema = z
  .string({ invalid_type_error: "redirect_url must be a string." })
  .max(512, "redirect_url is at most 512 characters.")
  .superRefine((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "redirect_url must be an absolute URL." });
      return;
    }
    const loopbackHttp = u.protocol === "http:" && LOOPBACK.test(u.hostname) && sandboxGopay();
    if (u.protocol !== "https:" && !loopbackHttp) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "redirect_url must be an https:// URL." });
    } else if (u.username || u.password) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "redirect_url must not contain a user name or password." });
    }
  });

/** GoPay is the local sandbox (its default address, or any loopback one). */
function sandboxGopay(): boolean {
  const base = process.env.GOPAY_SNAP_BASE_URL;
  if (!base) return true;
  try {
    return LOOPBACK.test(new URL(base).hostname);
  } catch {
    return false;
  }
}

const customerSchema = z
  .object({
    merchant_user_id: merchantUserIdSchema.optional(),
    name: z.string().trim().min(1, "name must not be empty.").max(100, "name is at most 100 characters.").optional(),
    phone: phoneSchema.optional(),
    email: z.string().trim().email("email is not a valid address.").max(254).optional(),
  })
  .strict();

const itemSchema = z
  .object({
    id: z.string().max(50).optional(),
    name: z.string().min(1, "name is required.").max(100, "name is at most 100 characters."),
    price: amountSchema,
    quantity: z.number({ invalid_type_error: "quantity must be a whole number." }).int("quantity must be a whole number.").min(1, "quantity must be at least 1.").max(9999),
  })
  .strict();

export const createPaymentSchema = z
  .object({
    order_id: orderIdSchema,
    amount: amountSchema,
    customer: customerSchema.optional(),
    items: z.array(itemSchema).max(50, "At most 50 items.").optional(),
    valid_minutes: z
      .number({ invalid_type_error: "valid_minutes must be a whole number of minutes." })
      .int("valid_minutes must be a whole number of minutes.")
      .min(1, "valid_minutes must be at least 1.")
      .max(60 * 24 * 180, "valid_minutes is at most 259200 (180 days).")
      .optional(),
    redirect_url: redirectUrlSchema.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    // The item rules above report a fractional quantity; BigInt(1.5) would throw here.
    if (v.items?.length && v.items.every((i) => Number.isSafeInteger(i.quantity) && typeof i.price === "bigint")) {
      const sum = v.items.reduce((a, i) => a + i.price * BigInt(i.quantity), 0n);
      if (sum !== v.amount) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["items"], message: "The items' price × quantity must add up to amount." });
    }
  });
export type CreatePaymentInput = z.output<typeof createPaymentSchema>;

export const customerSessionSchema = z
  .object({
    auth_code: z.string({ required_error: "auth_code is required." }).trim().min(1, "auth_code is required.").max(256),
    merchant_user_id: merchantUserIdSchema,
  })
  .strict();
export type CustomerSessionInput = z.output<typeof customerSessionSchema>;

export const createPayAccountSchema = z
  .object({
    merchant_user_id: merchantUserIdSchema,
    phone: phoneSchema,
    redirect_url: redirectUrlSchema.optional(),
  })
  .strict();
export type CreatePayAccountInput = z.output<typeof createPayAccountSchema>;

export const createChargeSchema = z
  .object({
    order_id: orderIdSchema,
    account_id: z.string({ required_error: "account_id is required." }).min(1, "account_id is required.").max(100),
    amount: amountSchema,
    pre_auth: z.boolean({ invalid_type_error: "pre_auth must be true or false." }).optional(),
    expiry_minutes: z
      .number({ invalid_type_error: "expiry_minutes must be a whole number." })
      .int("expiry_minutes must be a whole number.")
      .min(1, "expiry_minutes must be at least 1.")
      .max(7 * 24 * 60, "expiry_minutes is at most 10080 (7 days).")
      .optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.expiry_minutes !== undefined && !v.pre_auth) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["expiry_minutes"], message: "expiry_minutes applies only with pre_auth: true." });
  });
export type CreateChargeInput = z.output<typeof createChargeSchema>;
