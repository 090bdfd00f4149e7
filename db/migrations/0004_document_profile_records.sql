CREATE TABLE "document_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"ord" integer NOT NULL,
	"kind" text NOT NULL,
	"section" text,
	"label" text NOT NULL,
	"network" text,
	"out_of_network" text,
	"limitations" text,
	"page" integer NOT NULL,
	"extractor" text NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("section", '') || ' ' || "label"), 'A') || setweight(to_tsvector('english', coalesce("network", '') || ' ' || coalesce("out_of_network", '')), 'B') || setweight(to_tsvector('english', coalesce("limitations", '')), 'C')) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "plan_name" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "plan_name_source" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "insurer" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "insurer_source" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "plan_type" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "coverage_period" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "document_records" ADD CONSTRAINT "document_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_records" ADD CONSTRAINT "document_records_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_records_user_document_idx" ON "document_records" USING btree ("user_id","document_id","ord");--> statement-breakpoint
CREATE INDEX "document_records_tsv_gin_idx" ON "document_records" USING gin ("tsv");