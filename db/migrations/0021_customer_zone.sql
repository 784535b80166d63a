ALTER TABLE "customers" ADD COLUMN "zone" text;--> statement-breakpoint
ALTER TABLE "campaign_recipients" ADD COLUMN "zone_source" text;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_zone_known" CHECK ("customers"."zone" in ('WIB', 'WITA', 'WIT'));