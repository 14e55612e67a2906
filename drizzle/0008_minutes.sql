CREATE TABLE "minutes_confirmation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "minutes_confirmation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"attendance_id" integer NOT NULL,
	"user_id" integer,
	"invitation_id" integer,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minutes_draft" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"opinion" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "minutes_version" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "minutes_version_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"content_hash" text NOT NULL,
	"reason" text,
	"published_by_id" integer NOT NULL,
	"published_by_name" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "minutes_version_reason_check" CHECK ("minutes_version"."version" = 1 or ("minutes_version"."reason" is not null and length("minutes_version"."reason") > 0))
);
--> statement-breakpoint
CREATE TABLE "resolution" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resolution_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"agenda_item_id" integer,
	"topic_id" integer,
	"text" text NOT NULL,
	"responsible_name" text NOT NULL,
	"responsible_user_id" integer,
	"deadline" date NOT NULL,
	"done_on" date,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resolution_progress" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "resolution_progress_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"resolution_id" integer NOT NULL,
	"on" date NOT NULL,
	"note" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_record" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_record_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"agenda_item_id" integer NOT NULL,
	"speaker" text NOT NULL,
	"speaker_role" text DEFAULT '' NOT NULL,
	"point" text NOT NULL,
	"recorded_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_evaluation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "topic_evaluation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"choice" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "minutes_confirmation" ADD CONSTRAINT "minutes_confirmation_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_confirmation" ADD CONSTRAINT "minutes_confirmation_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_confirmation" ADD CONSTRAINT "minutes_confirmation_version_id_minutes_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."minutes_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_confirmation" ADD CONSTRAINT "minutes_confirmation_attendance_id_session_attendance_id_fk" FOREIGN KEY ("attendance_id") REFERENCES "public"."session_attendance"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_confirmation" ADD CONSTRAINT "minutes_confirmation_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_confirmation" ADD CONSTRAINT "minutes_confirmation_invitation_id_session_invitation_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."session_invitation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_draft" ADD CONSTRAINT "minutes_draft_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_draft" ADD CONSTRAINT "minutes_draft_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_version" ADD CONSTRAINT "minutes_version_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_version" ADD CONSTRAINT "minutes_version_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_version" ADD CONSTRAINT "minutes_version_published_by_id_user_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution" ADD CONSTRAINT "resolution_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution" ADD CONSTRAINT "resolution_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution" ADD CONSTRAINT "resolution_agenda_item_id_session_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."session_agenda_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution" ADD CONSTRAINT "resolution_topic_id_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution" ADD CONSTRAINT "resolution_responsible_user_id_user_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution" ADD CONSTRAINT "resolution_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_progress" ADD CONSTRAINT "resolution_progress_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_progress" ADD CONSTRAINT "resolution_progress_resolution_id_resolution_id_fk" FOREIGN KEY ("resolution_id") REFERENCES "public"."resolution"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolution_progress" ADD CONSTRAINT "resolution_progress_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_record" ADD CONSTRAINT "session_record_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_record" ADD CONSTRAINT "session_record_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_record" ADD CONSTRAINT "session_record_agenda_item_id_session_agenda_item_id_fk" FOREIGN KEY ("agenda_item_id") REFERENCES "public"."session_agenda_item"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_record" ADD CONSTRAINT "session_record_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_evaluation" ADD CONSTRAINT "topic_evaluation_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_evaluation" ADD CONSTRAINT "topic_evaluation_topic_id_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_evaluation" ADD CONSTRAINT "topic_evaluation_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "minutes_confirmation_version_id_attendance_id_index" ON "minutes_confirmation" USING btree ("version_id","attendance_id");--> statement-breakpoint
CREATE INDEX "minutes_confirmation_session_id_index" ON "minutes_confirmation" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "minutes_version_session_id_version_index" ON "minutes_version" USING btree ("session_id","version");--> statement-breakpoint
CREATE INDEX "resolution_community_id_deadline_index" ON "resolution" USING btree ("community_id","deadline");--> statement-breakpoint
CREATE INDEX "resolution_session_id_index" ON "resolution" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "resolution_topic_id_index" ON "resolution" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "resolution_progress_resolution_id_index" ON "resolution_progress" USING btree ("resolution_id");--> statement-breakpoint
CREATE INDEX "session_record_session_id_agenda_item_id_index" ON "session_record" USING btree ("session_id","agenda_item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "topic_evaluation_topic_id_user_id_index" ON "topic_evaluation" USING btree ("topic_id","user_id");