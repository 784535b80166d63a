DROP INDEX "orders_email_idx";--> statement-breakpoint
DROP INDEX "orders_phone_idx";--> statement-breakpoint
DROP INDEX "orders_email_lower_idx";--> statement-breakpoint
CREATE INDEX "orders_phone_idx" ON "orders" USING btree ("customer_phone","created_at","id","status","channel","payment_option","amount","refunded_amount");--> statement-breakpoint
CREATE INDEX "orders_email_lower_idx" ON "orders" USING btree (lower("customer_email"),"created_at","id","status","channel","payment_option","amount","refunded_amount","customer_email");