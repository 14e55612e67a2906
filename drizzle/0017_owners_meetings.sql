CREATE TABLE "vote_candidate" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_candidate_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"unit_id" integer,
	"statement" text DEFAULT '' NOT NULL,
	"nominators" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_item" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_item_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"matter" text,
	"matter_class" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vote_ballot" ALTER COLUMN "choice" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "election_order" text DEFAULT 'heads_then_area' NOT NULL;--> statement-breakpoint
ALTER TABLE "vote" ADD COLUMN "form" text DEFAULT 'single' NOT NULL;--> statement-breakpoint
ALTER TABLE "vote" ADD COLUMN "seats" integer;--> statement-breakpoint
ALTER TABLE "vote" ADD COLUMN "election_order" text;--> statement-breakpoint
ALTER TABLE "vote" ADD COLUMN "noticed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD COLUMN "choices" jsonb;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD COLUMN "candidate_ids" integer[];--> statement-breakpoint
ALTER TABLE "vote_candidate" ADD CONSTRAINT "vote_candidate_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_candidate" ADD CONSTRAINT "vote_candidate_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_item" ADD CONSTRAINT "vote_item_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_item" ADD CONSTRAINT "vote_item_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vote_candidate_vote_id_position_index" ON "vote_candidate" USING btree ("vote_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_item_vote_id_position_index" ON "vote_item" USING btree ("vote_id","position");