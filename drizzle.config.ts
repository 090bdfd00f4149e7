import { defineConfig } from "drizzle-kit";

/** drizzle-kit configuration: `bun run db:generate` writes SQL migrations to db/migrations. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
