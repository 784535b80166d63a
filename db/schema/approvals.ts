import { index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, tstz } from "./_columns";
import { staff } from "./staff";

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "expired"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** A request that needs a second person (e.g. a refund above the requester's limit). Expires after 24 h. */
export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(), // refund
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    amount: money("amount"),
    payload: jsonb("payload"),
    status: text("status", { enum: APPROVAL_STATUSES }).notNull().default("pending"),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => staff.id),
    requestedAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    decidedBy: uuid("decided_by").references(() => staff.id),
    decidedAt: tstz("decided_at"),
    decisionReason: text("decision_reason"),
  },
  (t) => [index("approvals_status_idx").on(t.status, t.requestedAt), index("approvals_target_idx").on(t.targetType, t.targetId)],
);
