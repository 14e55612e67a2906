CREATE TABLE "request" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"building_id" integer,
	"entrance_id" integer,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"contact_preference" text DEFAULT 'phone' NOT NULL,
	"reporter_id" integer,
	"reporter_phone" text,
	"reporter_name" text DEFAULT '' NOT NULL,
	"tracking_hash" text NOT NULL,
	"colour" text,
	"accepted_at" timestamp with time zone,
	"deadline" timestamp with time zone,
	"status" text DEFAULT 'new' NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"planned_at" timestamp with time zone,
	"plan_note" text DEFAULT '' NOT NULL,
	"closed_at" timestamp with time zone,
	"result" text DEFAULT '' NOT NULL,
	"followed_up_at" timestamp with time zone,
	"follow_up_note" text DEFAULT '' NOT NULL,
	"assignee_id" integer,
	"dispatched_to" text,
	"dispatched_at" timestamp with time zone,
	"topic_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "request_trackingHash_unique" UNIQUE("tracking_hash")
);
--> statement-breakpoint
CREATE TABLE "request_evaluation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_evaluation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"rating" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_update" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_update_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"kind" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"author_id" integer,
	"author_name" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_building_id_building_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."building"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_entrance_id_entrance_id_fk" FOREIGN KEY ("entrance_id") REFERENCES "public"."entrance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_reporter_id_user_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_assignee_id_user_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request" ADD CONSTRAINT "request_topic_id_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_evaluation" ADD CONSTRAINT "request_evaluation_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_evaluation" ADD CONSTRAINT "request_evaluation_request_id_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_update" ADD CONSTRAINT "request_update_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_update" ADD CONSTRAINT "request_update_request_id_request_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."request"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_update" ADD CONSTRAINT "request_update_author_id_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_community_id_reported_at_index" ON "request" USING btree ("community_id","reported_at");--> statement-breakpoint
CREATE INDEX "request_community_id_status_index" ON "request" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "request_reporter_id_index" ON "request" USING btree ("reporter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_topic_id_index" ON "request" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "request_evaluation_request_id_index" ON "request_evaluation" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "request_evaluation_community_id_index" ON "request_evaluation" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "request_update_request_id_index" ON "request_update" USING btree ("request_id");