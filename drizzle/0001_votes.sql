CREATE TABLE "vote" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"topic_id" integer,
	"session_id" integer,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"matter" text,
	"matter_class" text,
	"rule_version" text,
	"scope" text DEFAULT 'community' NOT NULL,
	"scope_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"eligibility" text NOT NULL,
	"multiple" boolean DEFAULT false NOT NULL,
	"max_choices" integer DEFAULT 1 NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"changeable" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"eligible_heads" integer DEFAULT 0 NOT NULL,
	"eligible_area_dm2" bigint DEFAULT 0 NOT NULL,
	"objection_days" integer DEFAULT 7 NOT NULL,
	"closes_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"objection_ends_at" timestamp with time zone,
	"finalized_at" timestamp with time zone,
	"result" jsonb,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_ballot" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_ballot_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"head_key" text NOT NULL,
	"unit_id" integer NOT NULL,
	"choice" text NOT NULL,
	"method" text NOT NULL,
	"voter_id" integer,
	"recorded_by_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_choice" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"option_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_objection" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_objection_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"body" text NOT NULL,
	"answer" text,
	"answered_by_id" integer,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_option" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_option_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_participation" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vote_participation_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"vote_id" integer NOT NULL,
	"voter_key" text NOT NULL,
	"user_id" integer,
	"unit_id" integer,
	"method" text NOT NULL,
	"recorded_by_id" integer,
	"option_ids" integer[],
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_roll" (
	"vote_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"head_key" text NOT NULL,
	"area_dm2" bigint NOT NULL,
	"unit_ids" integer[] NOT NULL,
	CONSTRAINT "vote_roll_vote_id_head_key_pk" PRIMARY KEY("vote_id","head_key")
);
--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_topic_id_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote" ADD CONSTRAINT "vote_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD CONSTRAINT "vote_ballot_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD CONSTRAINT "vote_ballot_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD CONSTRAINT "vote_ballot_voter_id_user_id_fk" FOREIGN KEY ("voter_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD CONSTRAINT "vote_ballot_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballot" ADD CONSTRAINT "vote_ballot_vote_id_head_key_vote_roll_vote_id_head_key_fk" FOREIGN KEY ("vote_id","head_key") REFERENCES "public"."vote_roll"("vote_id","head_key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_choice" ADD CONSTRAINT "vote_choice_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_choice" ADD CONSTRAINT "vote_choice_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_choice" ADD CONSTRAINT "vote_choice_option_id_vote_option_id_fk" FOREIGN KEY ("option_id") REFERENCES "public"."vote_option"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_objection" ADD CONSTRAINT "vote_objection_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_objection" ADD CONSTRAINT "vote_objection_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_objection" ADD CONSTRAINT "vote_objection_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_objection" ADD CONSTRAINT "vote_objection_answered_by_id_user_id_fk" FOREIGN KEY ("answered_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_option" ADD CONSTRAINT "vote_option_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_option" ADD CONSTRAINT "vote_option_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_participation" ADD CONSTRAINT "vote_participation_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_participation" ADD CONSTRAINT "vote_participation_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_participation" ADD CONSTRAINT "vote_participation_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_participation" ADD CONSTRAINT "vote_participation_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_roll" ADD CONSTRAINT "vote_roll_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_roll" ADD CONSTRAINT "vote_roll_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vote_community_id_status_index" ON "vote" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "vote_topic_id_index" ON "vote" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_ballot_vote_id_head_key_index" ON "vote_ballot" USING btree ("vote_id","head_key");--> statement-breakpoint
CREATE INDEX "vote_choice_vote_id_option_id_index" ON "vote_choice" USING btree ("vote_id","option_id");--> statement-breakpoint
CREATE INDEX "vote_objection_vote_id_index" ON "vote_objection" USING btree ("vote_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_option_vote_id_position_index" ON "vote_option" USING btree ("vote_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_participation_vote_id_voter_key_index" ON "vote_participation" USING btree ("vote_id","voter_key");--> statement-breakpoint
CREATE INDEX "vote_roll_unit_ids_index" ON "vote_roll" USING gin ("unit_ids");