ALTER TABLE "community" ADD COLUMN "public_board" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "public_results" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "public_minutes" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "public_plans" boolean DEFAULT false NOT NULL;