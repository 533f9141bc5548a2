-- Fixing one object instead of re-running everything (issue 13): every run of a migration as history (what was
-- re-run and why, its counts), the owner's decisions on objects (accepted with a note, out of scope), and the
-- model SQL the owner edited (kept in the project and named in the report).
CREATE TABLE "migration_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"migration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text NOT NULL,
	"requested_by" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text,
	"summary" jsonb
);--> statement-breakpoint
ALTER TABLE "migration_runs" ADD CONSTRAINT "migration_runs_migration_id_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."migrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "migration_runs_migration_idx" ON "migration_runs" USING btree ("migration_id","id");--> statement-breakpoint
CREATE TABLE "object_decisions" (
	"migration_id" uuid NOT NULL,
	"object_key" text NOT NULL,
	"decision" text NOT NULL,
	"note" text NOT NULL,
	"decided_by" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "object_decisions_migration_id_object_key_pk" PRIMARY KEY("migration_id","object_key")
);--> statement-breakpoint
ALTER TABLE "object_decisions" ADD CONSTRAINT "object_decisions_migration_id_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."migrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE TABLE "model_edits" (
	"migration_id" uuid NOT NULL,
	"model" text NOT NULL,
	"sql" text NOT NULL,
	"edited_by" text NOT NULL,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_edits_migration_id_model_pk" PRIMARY KEY("migration_id","model")
);--> statement-breakpoint
ALTER TABLE "model_edits" ADD CONSTRAINT "model_edits_migration_id_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."migrations"("id") ON DELETE cascade ON UPDATE no action;
