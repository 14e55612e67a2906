-- Published minutes are never silently changed: a correction is a new version with its reason.
CREATE FUNCTION minutes_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'minutes_version is immutable: publish a correction as a new version' USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER minutes_version_no_change BEFORE UPDATE OR DELETE ON "minutes_version" FOR EACH ROW EXECUTE FUNCTION minutes_version_immutable();--> statement-breakpoint
CREATE TRIGGER minutes_version_no_truncate BEFORE TRUNCATE ON "minutes_version" FOR EACH STATEMENT EXECUTE FUNCTION minutes_version_immutable();
