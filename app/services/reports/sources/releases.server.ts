import { sql } from "drizzle-orm";
import { afterCond, orderSplit, ts, type ReportSource } from "./source.server";

/** Pre-auth holds released (the customer's money freed, none taken), on the WIB day of release. */
export const releasesSource: ReportSource = {
  key: "releases",
  select: (w, after) => sql`
    select h.released_at::text as at_text, h.id::text as id, o.order_id as ref, o.id::text as order_uuid,
           o.customer_id::text as customer_uuid, o.channel, o.payment_option, h.amount::text as amount,
           h.status, o.gopay_reference as reference
      from holds h join orders o on o.id = h.order_id
     where h.status = 'released' and h.released_at >= ${ts(w.start)} and h.released_at < ${ts(w.end)}${orderSplit(w)}${afterCond(sql`h.released_at`, sql`h.id`, after)}
     order by h.released_at, h.id`,
};
