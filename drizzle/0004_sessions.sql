CREATE TABLE "deliberation_session" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "deliberation_session_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"venue_id" integer,
	"venue_text" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"open_to_residents" boolean DEFAULT true NOT NULL,
	"quorum_min" integer,
	"current_agenda_item_id" integer,
	"cancel_reason" text,
	"published_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliberation_session_time_check" CHECK ("deliberation_session"."ends_at" > "deliberation_session"."starts_at"),
	CONSTRAINT "deliberation_session_quorum_check" CHECK ("deliberation_session"."quorum_min" is null or "deliberation_session"."quorum_min" >= 1)
);
--> statement-breakpoint
CREATE TABLE "session_agenda_item" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_agenda_item_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"position" integer NOT NULL,
	"topic_id" integer,
	"title" text NOT NULL,
	"presenter" text DEFAULT '' NOT NULL,
	"minutes" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_agenda_item_minutes_check" CHECK ("session_agenda_item"."minutes" is null or "session_agenda_item"."minutes" between 1 and 600)
);
--> statement-breakpoint
CREATE TABLE "session_attendance" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_attendance_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"user_id" integer,
	"invitation_id" integer,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"method" text NOT NULL,
	"recorded_by_id" integer,
	"checked_in_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_invitation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_invitation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"kind" text NOT NULL,
	"role" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"user_id" integer,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"rsvp" text,
	"delegate_name" text,
	"responded_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_material" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "session_material_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"file_id" integer NOT NULL,
	"title" text NOT NULL,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stored_file" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stored_file_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stored_file_size_check" CHECK ("stored_file"."size" >= 0 and "stored_file"."size" <= 10485760)
);
--> statement-breakpoint
CREATE TABLE "venue" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "venue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'other' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliberation_session" ADD CONSTRAINT "deliberation_session_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_session" ADD CONSTRAINT "deliberation_session_venue_id_venue_id_fk" FOREIGN KEY ("venue_id") REFERENCES "public"."venue"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_session" ADD CONSTRAINT "deliberation_session_current_agenda_item_id_session_agenda_item_id_fk" FOREIGN KEY ("current_agenda_item_id") REFERENCES "public"."session_agenda_item"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_session" ADD CONSTRAINT "deliberation_session_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_agenda_item" ADD CONSTRAINT "session_agenda_item_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_agenda_item" ADD CONSTRAINT "session_agenda_item_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_agenda_item" ADD CONSTRAINT "session_agenda_item_topic_id_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_invitation_id_session_invitation_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."session_invitation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_invitation" ADD CONSTRAINT "session_invitation_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_invitation" ADD CONSTRAINT "session_invitation_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_invitation" ADD CONSTRAINT "session_invitation_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_invitation" ADD CONSTRAINT "session_invitation_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_material" ADD CONSTRAINT "session_material_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_material" ADD CONSTRAINT "session_material_session_id_deliberation_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_session"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_material" ADD CONSTRAINT "session_material_file_id_stored_file_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_file"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_material" ADD CONSTRAINT "session_material_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_file" ADD CONSTRAINT "stored_file_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stored_file" ADD CONSTRAINT "stored_file_uploaded_by_id_user_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue" ADD CONSTRAINT "venue_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliberation_session_community_id_starts_at_index" ON "deliberation_session" USING btree ("community_id","starts_at");--> statement-breakpoint
CREATE INDEX "session_agenda_item_session_id_position_index" ON "session_agenda_item" USING btree ("session_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "session_agenda_item_session_id_topic_id_index" ON "session_agenda_item" USING btree ("session_id","topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_attendance_session_id_user_id_index" ON "session_attendance" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_attendance_session_id_invitation_id_index" ON "session_attendance" USING btree ("session_id","invitation_id");--> statement-breakpoint
CREATE INDEX "session_attendance_session_id_role_index" ON "session_attendance" USING btree ("session_id","role");--> statement-breakpoint
CREATE UNIQUE INDEX "session_invitation_token_hash_index" ON "session_invitation" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "session_invitation_session_id_user_id_index" ON "session_invitation" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE INDEX "session_invitation_session_id_index" ON "session_invitation" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "session_material_session_id_index" ON "session_material" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "stored_file_community_id_index" ON "stored_file" USING btree ("community_id");--> statement-breakpoint
CREATE UNIQUE INDEX "venue_community_id_name_index" ON "venue" USING btree ("community_id","name");