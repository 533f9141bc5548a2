-- Fair claiming (agents/worker/queue.ts): when a job was last claimed, to serve the owner served least recently
-- first; how many times a job's lease ran out while it ran (its worker died or hung), and whether it was failed
-- for that (a poison job, which a plain retry may not resurrect more than once).
ALTER TABLE "jobs" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "crashes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "poisoned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "jobs_running_idx" ON "jobs" USING btree ("migration_id") WHERE status = 'running';
