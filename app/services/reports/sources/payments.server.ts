import { sql } from "drizzle-orm";
import { afterCond, orderSplit, ts, type ReportSource } from "./source.server";

/** Money received: orders that took money (paid, later refunded or not), on the WIB day of paid_at; paid_amount. */
export const paymentsSource: ReportSource = {
  key: "payments",
  select: (w, after) => sql`
    select o.paid_at::text as at_text, o.id::text as id, o.order_id as ref, o.id::text as order_uuid,
           o.customer_id::text as customer_uuid, o.channel, o.payment_option, o.paid_amount::text as amount,
           o.status, o.gopay_reference as reference
      from orders o
     where o.paid_at >= ${ts(w.start)} and o.paid_at < ${ts(w.end)}
       and o.status in ('paid', 'partially_refunded', 'refunded')${orderSplit(w)}${afterCond(sql`o.paid_at`, sql`o.id`, after)}
     order by o.paid_at, o.id`,
};
