DROP INDEX "migrations_user_created_idx";--> statement-breakpoint
DROP INDEX "migrations_user_status_created_idx";--> statement-breakpoint
CREATE INDEX "migrations_user_created_idx" ON "migrations" USING btree ("user_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "migrations_user_status_created_idx" ON "migrations" USING btree ("user_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);