import { sql } from "drizzle-orm";
import { afterCond, ts, type ReportSource } from "./source.server";

/**
 * GoPay Coins paid out to customers (money out), on the WIB day GoPay confirmed them. Not an
 * order's: no channel or option, so a channel/option filter selects none of them.
 */
export const coinPayoutsSource: ReportSource = {
  key: "coin_payouts",
  select: (w, after) => sql`
    select p.paid_at::text as at_text, p.id::text as id, p.request_id as ref, null::text as order_uuid,
           p.customer_id::text as customer_uuid, null::text as channel, null::text as payment_option,
           p.amount::text as amount, p.status, p.gopay_payment_id as reference
      from coin_payouts p
     where p.status = 'paid' and p.paid_at >= ${ts(w.start)} and p.paid_at < ${ts(w.end)}
       ${w.channel || w.option ? sql`and false` : sql``}${afterCond(sql`p.paid_at`, sql`p.id`, after)}
     order by p.paid_at, p.id`,
};
