CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"order_id" uuid,
	"campaign_id" uuid,
	"template_name" text NOT NULL,
	"params" jsonb NOT NULL,
	"reminder_id" text,
	"request_id" text NOT NULL,
	"delete_request_id" text,
	"status" text DEFAULT 'creating' NOT NULL,
	"deleted_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"http_status" integer,
	"gopay_code" text,
	"gopay_message" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_created_by_staff_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_request_id_uq" ON "reminders" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "reminders_order_idx" ON "reminders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "reminders_customer_idx" ON "reminders" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "reminders_campaign_idx" ON "reminders" USING btree ("campaign_id");--> statement-breakpoint
CREATE INDEX "reminders_created_idx" ON "reminders" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "reminders_status_idx" ON "reminders" USING btree ("status","updated_at");