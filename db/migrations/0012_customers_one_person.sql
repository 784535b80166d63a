CREATE TABLE "customer_match_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"value" text NOT NULL,
	"candidate_ids" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "customers_email_idx";--> statement-breakpoint
DROP INDEX "orders_customer_idx";--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "merchant_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "search_name" text;--> statement-breakpoint
ALTER TABLE "pay_accounts" ADD COLUMN "customer_matched_by" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "customer_matched_by" text;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_match_conflicts_subject_uq" ON "customer_match_conflicts" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "customer_match_conflicts_candidates_idx" ON "customer_match_conflicts" USING gin ("candidate_ids");--> statement-breakpoint
CREATE INDEX "customers_email_lower_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_gopay_account_idx" ON "customers" USING btree ("gopay_account_id");--> statement-breakpoint
CREATE INDEX "customers_created_idx" ON "customers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "customers_search_name_trgm_idx" ON "customers" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "pay_accounts_phone_idx" ON "pay_accounts" USING btree ("phone");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("customer_id","created_at","id");