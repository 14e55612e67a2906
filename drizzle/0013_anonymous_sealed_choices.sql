CREATE TABLE "vote_sealed_choice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"sealed" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vote" ADD COLUMN "choice_salt" text;--> statement-breakpoint
ALTER TABLE "vote_sealed_choice" ADD CONSTRAINT "vote_sealed_choice_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_sealed_choice" ADD CONSTRAINT "vote_sealed_choice_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vote_sealed_choice_vote_id_index" ON "vote_sealed_choice" USING btree ("vote_id");--> statement-breakpoint
-- anonymous polls open during the upgrade seal their further ballots too (their earlier counts stay and are added to)
UPDATE "vote" SET "choice_salt" = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') WHERE "anonymous" AND "status" = 'open';
