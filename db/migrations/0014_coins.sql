CREATE TABLE "coin_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"filename" text NOT NULL,
	"status" text DEFAULT 'pending_approval' NOT NULL,
	"row_count" integer NOT NULL,
	"total_amount" bigint NOT NULL,
	"submitted_by" uuid NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approval_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"pause_reason" text,
	"needed_amount" bigint,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coin_payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_id" uuid,
	"line" integer,
	"customer_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"description" text NOT NULL,
	"reason_code" text,
	"request_id" text NOT NULL,
	"status" text NOT NULL,
	"gopay_payment_id" text,
	"error_code" text,
	"error_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"requested_by" uuid,
	"approval_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coin_payouts_request_id_uq" UNIQUE("request_id"),
	CONSTRAINT "coin_payouts_batch_line_uq" UNIQUE("batch_id","line"),
	CONSTRAINT "coin_payouts_amount_whole_positive" CHECK ("coin_payouts"."amount" > 0 and "coin_payouts"."amount" % 100 = 0)
);
--> statement-breakpoint
CREATE TABLE "coin_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"monthly_budget" bigint DEFAULT 0 NOT NULL,
	"per_recipient_cap" bigint DEFAULT 0 NOT NULL,
	"per_payout_ceiling" bigint DEFAULT 0 NOT NULL,
	"approval_threshold" bigint DEFAULT 0 NOT NULL,
	"wallet_balance" bigint,
	"wallet_refreshed_at" timestamp with time zone,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coin_batches" ADD CONSTRAINT "coin_batches_submitted_by_staff_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_batches" ADD CONSTRAINT "coin_batches_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_batches" ADD CONSTRAINT "coin_batches_decided_by_staff_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_payouts" ADD CONSTRAINT "coin_payouts_batch_id_coin_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."coin_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_payouts" ADD CONSTRAINT "coin_payouts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_payouts" ADD CONSTRAINT "coin_payouts_requested_by_staff_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_payouts" ADD CONSTRAINT "coin_payouts_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "public"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coin_settings" ADD CONSTRAINT "coin_settings_updated_by_staff_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "coin_batches_status_idx" ON "coin_batches" USING btree ("status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "coin_payouts_status_idx" ON "coin_payouts" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "coin_payouts_customer_idx" ON "coin_payouts" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "coin_payouts_batch_idx" ON "coin_payouts" USING btree ("batch_id","status","line");--> statement-breakpoint
CREATE INDEX "coin_payouts_created_idx" ON "coin_payouts" USING btree ("created_at","id");--> statement-breakpoint
INSERT INTO "coin_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
