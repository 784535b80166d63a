DROP INDEX "orders_created_idx";--> statement-breakpoint
DROP INDEX "orders_status_created_idx";--> statement-breakpoint
DROP INDEX "orders_amount_idx";--> statement-breakpoint
DROP INDEX "orders_status_amount_idx";--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at","id","status","channel","payment_option","amount","refunded_amount");--> statement-breakpoint
CREATE INDEX "orders_status_created_idx" ON "orders" USING btree ("status","created_at","id","channel","payment_option","amount","refunded_amount");--> statement-breakpoint
CREATE INDEX "orders_amount_idx" ON "orders" USING btree ("amount","id","created_at","status","channel","payment_option","refunded_amount");--> statement-breakpoint
CREATE INDEX "orders_status_amount_idx" ON "orders" USING btree ("status","amount","id","created_at","channel","payment_option","refunded_amount");