CREATE TABLE "clock_event" (
	"event_key" text PRIMARY KEY NOT NULL,
	"told_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitation_inbox_item" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "invitation_inbox_item_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"invitation_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text NOT NULL,
	"event_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox_item" DROP CONSTRAINT "inbox_item_community_id_community_id_fk";
--> statement-breakpoint
ALTER TABLE "session_invitation" ADD COLUMN "link_token" text;--> statement-breakpoint
ALTER TABLE "invitation_inbox_item" ADD CONSTRAINT "invitation_inbox_item_invitation_id_session_invitation_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."session_invitation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_inbox_item_invitation_id_event_key_index" ON "invitation_inbox_item" USING btree ("invitation_id","event_key");