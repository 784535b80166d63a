import { sql } from "drizzle-orm";
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz, updatedAt } from "./_columns";
import { orders } from "./orders";
import { staff } from "./staff";

export const RECON_RUN_STATUSES = [
  "queued",
  "running",
  "paused",
  "completed",
  "failed",
  "cancelled",
] as const;
export type ReconRunStatus = (typeof RECON_RUN_STATUSES)[number];
export const RECON_RUN_KINDS = ["manual", "daily"] as const;
export type ReconRunKind = (typeof RECON_RUN_KINDS)[number];

/**
 * One reconciliation of Loket's orders created in a range of WIB days against GoPay's status and the
 * notifications received. The run is worked in slices by a pg-boss job; recon_items is its checkpoint.
 */
export const reconRuns = pgTable(
  "recon_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: RECON_RUN_KINDS }).notNull().default("manual"),
    /** First and last WIB day (inclusive) of the orders' created_at. */
    rangeFrom: date("range_from", { mode: "string" }).notNull(),
    rangeTo: date("range_to", { mode: "string" }).notNull(),
    status: text("status", { enum: RECON_RUN_STATUSES }).notNull().default("queued"),
    /** GoPay status calls per second (0 = unthrottled: benchmarks only). */
    throttlePerSecond: integer("throttle_per_second").notNull().default(20),
    total: integer("total").notNull().default(0),
    checked: integer("checked").notNull().default(0),
    differences: integer("differences").notNull().default(0),
    /** null: the scheduled daily run. */
    startedBy: uuid("started_by").references(() => staff.id),
    createdAt: createdAt(),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    updatedAt: updatedAt(),
    lastError: text("last_error"),
  },
  (t) => [
    index("recon_runs_created_idx").on(t.createdAt),
    // One daily run per WIB day, however many app processes the schedule fires in.
    uniqueIndex("recon_runs_daily_uq")
      .on(t.rangeFrom)
      .where(sql`${t.kind} = 'daily'`),
  ],
);

/** One order checked in a run: both sides' raw answers. UNIQUE(run, order): a resumed run never checks an order twice. */
export const reconItems = pgTable(
  "recon_items",
  {
    id: bigserial("id", { mode: "bigint" }).primaryKey(),
    runId: uuid("run_id")
      .notNull()
      .references(() => reconRuns.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    checkedAt: tstz("checked_at").notNull().defaultNow(),
    result: jsonb("result").notNull(),
  },
  (t) => [uniqueIndex("recon_items_run_order_uq").on(t.runId, t.orderId)],
);

export const RECON_DIFFERENCE_STATUSES = ["open", "resolved", "ignored"] as const;
export type ReconDifferenceStatus = (typeof RECON_DIFFERENCE_STATUSES)[number];

/** A difference found: its kind (app/services/reconciliation/kinds.ts), details in words' parameters, and what was done. */
export const reconDifferences = pgTable(
  "recon_differences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id")
      .notNull()
      .references(() => reconRuns.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id),
    kind: text("kind").notNull(),
    /** The same difference seen again (kind + what it is about): a resolved one is not raised twice. */
    fingerprint: text("fingerprint").notNull(),
    details: jsonb("details").notNull(),
    status: text("status", { enum: RECON_DIFFERENCE_STATUSES }).notNull().default("open"),
    resolvedBy: uuid("resolved_by").references(() => staff.id),
    resolvedAt: tstz("resolved_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("recon_differences_run_order_kind_uq").on(t.runId, t.orderId, t.kind),
    index("recon_differences_run_idx").on(t.runId, t.status, t.kind),
    index("recon_differences_order_idx").on(t.orderId, t.kind),
    // Overview: open differences, a tiny partial index among the resolved ones.
    index("recon_differences_open_idx")
      .on(t.createdAt)
      .where(sql`${t.status} = 'open'`),
  ],
);
