ALTER TABLE "vote_option" ADD COLUMN "count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "vote_option" ADD CONSTRAINT "vote_option_count_check" CHECK ("vote_option"."count" >= 0);--> statement-breakpoint
-- carry over ballots cast before the counters existed, then drop the per-ballot rows for good
UPDATE "vote_option" SET "count" = (SELECT count(*) FROM "vote_choice" WHERE "vote_choice"."option_id" = "vote_option"."id");--> statement-breakpoint
DROP TABLE "vote_choice" CASCADE;
