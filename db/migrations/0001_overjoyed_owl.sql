ALTER TABLE "jobs" ADD COLUMN "node_id" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "trace_id" text;