CREATE INDEX "orders_paid_at_idx" ON "orders" USING btree ("paid_at","paid_amount");--> statement-breakpoint
CREATE INDEX "refunds_created_idx" ON "refunds" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "notifications_problem_idx" ON "notifications" USING btree ("received_at") WHERE "notifications"."apply_error" is not null or "notifications"."signature_valid" = false;