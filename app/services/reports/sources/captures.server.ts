import { sql } from "drizzle-orm";
import { afterCond, orderSplit, ts, type ReportSource } from "./source.server";

/** Pre-auth holds captured, on the WIB day of capture; the hold's amount (the order became a payment then). */
export const capturesSource: ReportSource = {
  key: "captures",
  select: (w, after) => sql`
    select h.captured_at::text as at_text, h.id::text as id, o.order_id as ref, o.id::text as order_uuid,
           o.customer_id::text as customer_uuid, o.channel, o.payment_option, h.amount::text as amount,
           h.status, o.gopay_reference as reference
      from holds h join orders o on o.id = h.order_id
     where h.status = 'captured' and h.captured_at >= ${ts(w.start)} and h.captured_at < ${ts(w.end)}${orderSplit(w)}${afterCond(sql`h.captured_at`, sql`h.id`, after)}
     order by h.captured_at, h.id`,
};
