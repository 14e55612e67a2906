CREATE TABLE "plan" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"scope" text DEFAULT 'community' NOT NULL,
	"scope_ids" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"collection" text NOT NULL,
	"split_rule" text NOT NULL,
	"floor_coefficients" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"vote_id" integer,
	"surplus_policy" text DEFAULT 'estate_fund' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"actual_cost_fen" bigint,
	"closing_note" text,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_collection_rule_check" CHECK (("plan"."collection" = 'voluntary') = ("plan"."split_rule" = 'voluntary')),
	CONSTRAINT "plan_actual_cost_check" CHECK ("plan"."actual_cost_fen" is null or "plan"."actual_cost_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_item" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_item_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"name" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"chosen_quote_id" integer,
	"chosen_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_ledger" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"source_id" integer,
	"payment_id" integer,
	"unit_id" integer,
	"corrects_id" integer,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_ledger_correction_check" CHECK (("plan_ledger"."kind" = 'correction') = ("plan_ledger"."corrects_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "plan_payment" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_payment_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"unit_id" integer,
	"pledge_id" integer,
	"payer_name" text DEFAULT '' NOT NULL,
	"show_name" boolean DEFAULT false NOT NULL,
	"amount_fen" bigint NOT NULL,
	"method" text NOT NULL,
	"paid_on" date NOT NULL,
	"receipt_no" text NOT NULL,
	"recorded_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_payment_amount_check" CHECK ("plan_payment"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "plan_pledge" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_pledge_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer,
	"amount_fen" bigint NOT NULL,
	"show_name" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_pledge_amount_check" CHECK ("plan_pledge"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "plan_quote" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_quote_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"supplier" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_quote_amount_check" CHECK ("plan_quote"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "plan_share" (
	"plan_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"weight" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "plan_share_plan_id_unit_id_pk" PRIMARY KEY("plan_id","unit_id"),
	CONSTRAINT "plan_share_amount_check" CHECK ("plan_share"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_source" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_source_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"community_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'promised' NOT NULL,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_source_amount_check" CHECK ("plan_source"."amount_fen" > 0)
);
--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_topic_id_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topic"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_vote_id_vote_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."vote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_item" ADD CONSTRAINT "plan_item_chosen_quote_id_plan_quote_id_fk" FOREIGN KEY ("chosen_quote_id") REFERENCES "public"."plan_quote"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_source_id_plan_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."plan_source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_payment_id_plan_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."plan_payment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_corrects_id_plan_ledger_id_fk" FOREIGN KEY ("corrects_id") REFERENCES "public"."plan_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_ledger" ADD CONSTRAINT "plan_ledger_created_by_id_user_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_payment" ADD CONSTRAINT "plan_payment_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_payment" ADD CONSTRAINT "plan_payment_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_payment" ADD CONSTRAINT "plan_payment_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_payment" ADD CONSTRAINT "plan_payment_pledge_id_plan_pledge_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."plan_pledge"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_payment" ADD CONSTRAINT "plan_payment_recorded_by_id_user_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_pledge" ADD CONSTRAINT "plan_pledge_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_pledge" ADD CONSTRAINT "plan_pledge_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_pledge" ADD CONSTRAINT "plan_pledge_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_pledge" ADD CONSTRAINT "plan_pledge_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_quote" ADD CONSTRAINT "plan_quote_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_quote" ADD CONSTRAINT "plan_quote_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_quote" ADD CONSTRAINT "plan_quote_item_id_plan_item_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_share" ADD CONSTRAINT "plan_share_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_share" ADD CONSTRAINT "plan_share_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_share" ADD CONSTRAINT "plan_share_unit_id_unit_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."unit"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_source" ADD CONSTRAINT "plan_source_community_id_community_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."community"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_source" ADD CONSTRAINT "plan_source_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_community_id_status_index" ON "plan" USING btree ("community_id","status");--> statement-breakpoint
CREATE INDEX "plan_topic_id_index" ON "plan" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "plan_item_plan_id_index" ON "plan_item" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "plan_ledger_plan_id_id_index" ON "plan_ledger" USING btree ("plan_id","id");--> statement-breakpoint
CREATE INDEX "plan_payment_plan_id_index" ON "plan_payment" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_payment_plan_id_receipt_no_index" ON "plan_payment" USING btree ("plan_id","receipt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_pledge_plan_id_user_id_index" ON "plan_pledge" USING btree ("plan_id","user_id");--> statement-breakpoint
CREATE INDEX "plan_quote_item_id_index" ON "plan_quote" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "plan_source_plan_id_index" ON "plan_source" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_source_residents_once" ON "plan_source" USING btree ("plan_id") WHERE "plan_source"."kind" = 'residents';