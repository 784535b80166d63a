import { sql } from "drizzle-orm";
import { afterCond, orderSplit, ts, type ReportSource } from "./source.server";

/**
 * Unpaid orders cancelled (no money moved), on the WIB day they closed; the order's amount.
 * Pre-auth orders are left to "releases": cancelling a hold is its release, counted there once.
 */
export const cancelsSource: ReportSource = {
  key: "cancels",
  select: (w, after) => sql`
    select o.closed_at::text as at_text, o.id::text as id, o.order_id as ref, o.id::text as order_uuid,
           o.customer_id::text as customer_uuid, o.channel, o.payment_option, o.amount::text as amount,
           o.status, o.gopay_reference as reference
      from orders o
     where o.status = 'cancelled' and o.channel <> 'preauth'
       and o.closed_at >= ${ts(w.start)} and o.closed_at < ${ts(w.end)}${orderSplit(w)}${afterCond(sql`o.closed_at`, sql`o.id`, after)}
     order by o.closed_at, o.id`,
};
