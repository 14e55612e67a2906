-- The public ledger and the payments behind it are append-only: a mistake is corrected by a new entry.
CREATE FUNCTION plan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: record a correction instead', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;--> statement-breakpoint
CREATE TRIGGER plan_ledger_append_only BEFORE UPDATE OR DELETE ON "plan_ledger" FOR EACH ROW EXECUTE FUNCTION plan_append_only();--> statement-breakpoint
CREATE TRIGGER plan_ledger_no_truncate BEFORE TRUNCATE ON "plan_ledger" FOR EACH STATEMENT EXECUTE FUNCTION plan_append_only();--> statement-breakpoint
CREATE TRIGGER plan_payment_append_only BEFORE UPDATE OR DELETE ON "plan_payment" FOR EACH ROW EXECUTE FUNCTION plan_append_only();--> statement-breakpoint
CREATE TRIGGER plan_payment_no_truncate BEFORE TRUNCATE ON "plan_payment" FOR EACH STATEMENT EXECUTE FUNCTION plan_append_only();
