CREATE TABLE "comment_report" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "comment_report_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"comment_id" integer NOT NULL,
	"reporter_id" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"answer" text DEFAULT '' NOT NULL,
	"decided_by_id" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "community" ADD COLUMN "review_first_posts" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD COLUMN "official" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD COLUMN "state" text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "topic_comment" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "comment_report" ADD CONSTRAINT "comment_report_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_report" ADD CONSTRAINT "comment_report_comment_id_topic_comment_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."topic_comment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_report" ADD CONSTRAINT "comment_report_reporter_id_user_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_report" ADD CONSTRAINT "comment_report_decided_by_id_user_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "comment_report_open_index" ON "comment_report" USING btree ("comment_id","reporter_id") WHERE "comment_report"."state" = 'open';--> statement-breakpoint
CREATE INDEX "comment_report_community_id_state_index" ON "comment_report" USING btree ("community_id","state");--> statement-breakpoint
ALTER TABLE "topic_comment" ADD CONSTRAINT "topic_comment_parent_id_topic_comment_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."topic_comment"("id") ON DELETE no action ON UPDATE no action;