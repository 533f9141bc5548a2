CREATE TABLE "migration_artifacts" (
	"migration_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "migration_artifacts_migration_id_kind_pk" PRIMARY KEY("migration_id","kind")
);
--> statement-breakpoint
ALTER TABLE "migration_artifacts" ADD CONSTRAINT "migration_artifacts_migration_id_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."migrations"("id") ON DELETE cascade ON UPDATE no action;