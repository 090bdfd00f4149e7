DROP INDEX "chunks_tsv_gin_idx";--> statement-breakpoint
ALTER TABLE "chunks" DROP COLUMN "tsv";