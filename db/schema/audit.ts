import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { money, tstz } from "./_columns";
import { staff } from "./staff";

/** Append-only: written by app/services/audit.server.ts only; never updated or deleted. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    at: tstz("at").notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => staff.id),
    actorEmail: text("actor_email"), // denormalised: also set for failed sign-ins and the API ("api:<key name>")
    action: text("action").notNull(), // e.g. auth.sign_in, staff.create, refund.request
    targetType: text("target_type"),
    targetId: text("target_id"),
    amount: money("amount"),
    idempotencyKey: text("idempotency_key"),
    request: jsonb("request"), // secrets redacted before insert
    result: text("result").notNull(), // ok | denied | failed | pending | unknown
    detail: jsonb("detail"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_at_idx").on(t.at, t.id),
    index("audit_actor_at_idx").on(t.actorId, t.at),
    index("audit_action_at_idx").on(t.action, t.at),
    index("audit_target_idx").on(t.targetType, t.targetId),
  ],
);
