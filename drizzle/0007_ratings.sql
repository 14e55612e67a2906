CREATE TABLE "rating_ballot" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"rater_key" text,
	"level" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"method" text DEFAULT 'online' NOT NULL,
	"entered_by_id" integer,
	CONSTRAINT "rating_ballot_level_check" CHECK ("rating_ballot"."level" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "rating_cadre" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rating_cadre_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"name" text NOT NULL,
	"post" text NOT NULL,
	"responsibilities" text DEFAULT '' NOT NULL,
	"grid_id" integer,
	"user_id" integer,
	"photo_file_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_follow_up" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rating_follow_up_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"level" integer NOT NULL,
	"comment" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"action" text DEFAULT '' NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rating_participant" (
	"round_id" integer NOT NULL,
	"rater_key" text NOT NULL,
	CONSTRAINT "rating_participant_round_id_rater_key_pk" PRIMARY KEY("round_id","rater_key")
);
--> statement-breakpoint
CREATE TABLE "rating_result" (
	"round_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"n5" integer DEFAULT 0 NOT NULL,
	"n4" integer DEFAULT 0 NOT NULL,
	"n3" integer DEFAULT 0 NOT NULL,
	"n2" integer DEFAULT 0 NOT NULL,
	"n1" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rating_result_round_id_cadre_id_pk" PRIMARY KEY("round_id","cadre_id")
);
--> statement-breakpoint
CREATE TABLE "rating_round" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rating_round_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"rater_salt" text,
	"raters" integer,
	"eligible" integer,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rating_round_quarter_check" CHECK ("rating_round"."quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "rating_round_cadre" (
	"round_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	CONSTRAINT "rating_round_cadre_round_id_cadre_id_pk" PRIMARY KEY("round_id","cadre_id")
);
--> statement-breakpoint
CREATE TABLE "rating_setting" (
	"community_id" integer PRIMARY KEY NOT NULL,
	"min_count" integer DEFAULT 5 NOT NULL,
	"flag_threshold_permille" integer DEFAULT 900 NOT NULL,
	"follow_up_days" integer DEFAULT 15 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rating_setting_min_check" CHECK ("rating_setting"."min_count" >= 1),
	CONSTRAINT "rating_setting_threshold_check" CHECK ("rating_setting"."flag_threshold_permille" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "rating_talk" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rating_talk_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"cadre_id" integer NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"note" text NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rating_ballot" ADD CONSTRAINT "rating_ballot_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_ballot" ADD CONSTRAINT "rating_ballot_entered_by_id_user_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_ballot" ADD CONSTRAINT "rating_ballot_round_id_cadre_id_rating_round_cadre_round_id_cadre_id_fk" FOREIGN KEY ("round_id","cadre_id") REFERENCES "public"."rating_round_cadre"("round_id","cadre_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_cadre" ADD CONSTRAINT "rating_cadre_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_cadre" ADD CONSTRAINT "rating_cadre_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_cadre" ADD CONSTRAINT "rating_cadre_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_follow_up" ADD CONSTRAINT "rating_follow_up_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_follow_up" ADD CONSTRAINT "rating_follow_up_round_id_rating_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rating_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_follow_up" ADD CONSTRAINT "rating_follow_up_cadre_id_rating_cadre_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."rating_cadre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_follow_up" ADD CONSTRAINT "rating_follow_up_done_by_id_user_id_fk" FOREIGN KEY ("done_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_participant" ADD CONSTRAINT "rating_participant_round_id_rating_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rating_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_result" ADD CONSTRAINT "rating_result_round_id_rating_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rating_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_result" ADD CONSTRAINT "rating_result_cadre_id_rating_cadre_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."rating_cadre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_result" ADD CONSTRAINT "rating_result_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_round" ADD CONSTRAINT "rating_round_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_round" ADD CONSTRAINT "rating_round_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_round_cadre" ADD CONSTRAINT "rating_round_cadre_round_id_rating_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rating_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_round_cadre" ADD CONSTRAINT "rating_round_cadre_cadre_id_rating_cadre_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."rating_cadre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_round_cadre" ADD CONSTRAINT "rating_round_cadre_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_setting" ADD CONSTRAINT "rating_setting_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_talk" ADD CONSTRAINT "rating_talk_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_talk" ADD CONSTRAINT "rating_talk_round_id_rating_round_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rating_round"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_talk" ADD CONSTRAINT "rating_talk_cadre_id_rating_cadre_id_fk" FOREIGN KEY ("cadre_id") REFERENCES "public"."rating_cadre"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_talk" ADD CONSTRAINT "rating_talk_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "rating_ballot_round_id_cadre_id_rater_key_index" ON "rating_ballot" USING btree ("round_id","cadre_id","rater_key");--> statement-breakpoint
CREATE INDEX "rating_cadre_community_id_index" ON "rating_cadre" USING btree ("community_id");--> statement-breakpoint
CREATE INDEX "rating_follow_up_round_id_cadre_id_index" ON "rating_follow_up" USING btree ("round_id","cadre_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rating_round_community_id_year_quarter_index" ON "rating_round" USING btree ("community_id","year","quarter");--> statement-breakpoint
CREATE INDEX "rating_talk_round_id_cadre_id_index" ON "rating_talk" USING btree ("round_id","cadre_id");