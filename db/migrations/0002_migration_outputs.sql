CREATE TABLE "migration_outputs" (
	"migration_id" uuid PRIMARY KEY NOT NULL,
	"report" jsonb NOT NULL,
	"report_markdown" text NOT NULL,
	"project_zip" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "migrations" ADD COLUMN "summary" jsonb;--> statement-breakpoint
ALTER TABLE "migration_outputs" ADD CONSTRAINT "migration_outputs_migration_id_migrations_id_fk" FOREIGN KEY ("migration_id") REFERENCES "public"."migrations"("id") ON DELETE cascade ON UPDATE no action;