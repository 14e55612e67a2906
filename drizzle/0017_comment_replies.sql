ALTER TABLE "topic_comment" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD COLUMN "official" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD CONSTRAINT "topic_comment_parent_id_topic_comment_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."topic_comment"("id") ON DELETE no action ON UPDATE no action;