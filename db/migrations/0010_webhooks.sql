-- A webhook per user, and the outbox of its calls: a migration that reaches an end status (succeeded, completed
-- with issues, failed, cancelled) while its owner has a webhook gets a delivery row in the same transaction as
-- the status change (the trigger below), which the worker then delivers with retries (agents/worker/webhooks.ts).
CREATE TABLE "webhooks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"migration_id" uuid NOT NULL,
	"url" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_migration_id_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."migrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE delivered_at is null and failed_at is null;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_user_idx" ON "webhook_deliveries" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE FUNCTION "migration_ended_webhook"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "webhook_deliveries" ("user_id", "migration_id", "url", "payload")
	SELECT w."user_id", NEW."id", w."url", jsonb_build_object(
		'event', 'migration.finished',
		'migration', jsonb_build_object(
			'id', NEW."id", 'name', NEW."name", 'status', NEW."status", 'error', NEW."error",
			'summary', NEW."summary", 'finishedAt', NEW."finished_at", 'path', '/migrations/' || NEW."id"))
	FROM "webhooks" w WHERE w."user_id" = NEW."user_id";
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "migrations_ended_webhook" AFTER UPDATE OF "status" ON "migrations" FOR EACH ROW
	WHEN (NEW."status" IN ('succeeded', 'completed_with_issues', 'failed', 'cancelled') AND OLD."status" IS DISTINCT FROM NEW."status")
	EXECUTE FUNCTION "migration_ended_webhook"();
