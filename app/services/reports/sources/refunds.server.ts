import { sql } from "drizzle-orm";
import { afterCond, orderSplit, ts, type ReportSource } from "./source.server";

const AT = sql`coalesce(f.settled_at, f.created_at)`;

/** Money returned: refunds GoPay confirmed (succeeded), on the WIB day they settled; by the order's channel and option. */
export const refundsSource: ReportSource = {
  key: "refunds",
  select: (w, after) => sql`
    select ${AT}::text as at_text, f.id::text as id, o.order_id as ref, o.id::text as order_uuid,
           o.customer_id::text as customer_uuid, o.channel, o.payment_option, f.amount::text as amount,
           f.status, f.refund_no as reference
      from refunds f join orders o on o.id = f.order_id
     where f.status = 'succeeded' and ${AT} >= ${ts(w.start)} and ${AT} < ${ts(w.end)}${orderSplit(w)}${afterCond(AT, sql`f.id`, after)}
     order by ${AT}, f.id`,
};
