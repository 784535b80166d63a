import { desc, eq } from "drizzle-orm";
import { orders, reminders } from "~db/schema";
import type { CustomerTimelineEntry, TimelineSource } from "~/services/customers/timeline.server";

/** The customer timeline's reminders: created (GoPay's reminder id on hover) and when it was removed, and why. */
export const remindersTimelineSource: TimelineSource = {
  name: "reminder",
  async load(db, scope, limit) {
    const list = await db
      .select({
        id: reminders.id,
        reminderId: reminders.reminderId,
        status: reminders.status,
        reason: reminders.deletedReason,
        createdAt: reminders.createdAt,
        deletedAt: reminders.deletedAt,
        orderId: orders.orderId,
      })
      .from(reminders)
      .leftJoin(orders, eq(orders.id, reminders.orderId))
      .where(eq(reminders.customerId, scope.customerId))
      .orderBy(desc(reminders.createdAt))
      .limit(limit);
    return list.flatMap((r) => {
      const out: CustomerTimelineEntry[] = [
        {
          key: `rm:${r.id}:c`,
          at: r.createdAt,
          source: "reminder",
          kind: "reminder.created",
          orderId: r.orderId,
          status: r.status,
          code: r.reminderId,
          rank: 1,
        },
      ];
      if (r.deletedAt)
        out.push({
          key: `rm:${r.id}:d`,
          at: r.deletedAt,
          source: "reminder",
          kind: `reminder.deleted.${r.reason ?? "staff"}`,
          orderId: r.orderId,
          status: "deleted",
          code: r.reminderId,
          rank: 5,
        });
      return out;
    });
  },
};
