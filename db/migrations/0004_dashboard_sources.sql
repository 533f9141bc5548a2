ALTER TYPE "public"."migration_source_kind" ADD VALUE 'paste';--> statement-breakpoint
ALTER TABLE "migrations" ADD COLUMN "expected_file_id" uuid;--> statement-breakpoint
ALTER TABLE "migrations" ADD CONSTRAINT "migrations_expected_file_id_source_files_id_fk" FOREIGN KEY ("expected_file_id") REFERENCES "public"."source_files"("id") ON DELETE set null ON UPDATE no action;