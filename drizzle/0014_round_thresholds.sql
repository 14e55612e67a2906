ALTER TABLE "rating_round" ADD COLUMN "min_count" integer;--> statement-breakpoint
ALTER TABLE "rating_round" ADD COLUMN "flag_threshold_permille" integer;--> statement-breakpoint
-- rounds closed before this migration: the community's settings as they are now (the best record there is)
UPDATE "rating_round" r SET "min_count" = coalesce(s."min_count", 5), "flag_threshold_permille" = coalesce(s."flag_threshold_permille", 900)
FROM "rating_round" r2 LEFT JOIN "rating_setting" s ON s."community_id" = r2."community_id"
WHERE r2."id" = r."id" AND r."status" <> 'open';
