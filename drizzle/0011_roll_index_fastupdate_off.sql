DROP INDEX "vote_roll_unit_ids_index";--> statement-breakpoint
CREATE INDEX "vote_roll_unit_ids_index" ON "vote_roll" USING gin ("unit_ids") WITH (fastupdate=false);