/**
 * The configuration schema is the README's configuration table: every variable in
 * `CONFIG_SCHEMA` has a row, and every row names a variable of the schema.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configError } from "../test/support/config.ts";
import { loadConfig } from "./config.ts";
import { CONFIG_VARIABLES, readConfigVariables } from "./config-schema.ts";
import { chunkerFor } from "./providers.ts";

/** The variables named in the first column of README.md's "Configuration" table. */
function readmeConfigVariables(readme: string): string[] {
  const section = readme.split(/^## Configuration\s*$/m)[1]?.split(/^## /m)[0] ?? "";
  const names: string[] = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("| `")) continue;
    const firstCell = line.split("|")[1] ?? "";
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(match[1]!);
  }
  return names;
}

describe("configuration schema", () => {
  const readme = readFileSync(join(import.meta.dir, "..", "README.md"), "utf8");

  test("every variable of the schema is in README's configuration table, and every row is in the schema", () => {
    const documented = readmeConfigVariables(readme);
    expect(documented.length).toBeGreaterThan(40);
    expect(CONFIG_VARIABLES.filter((name) => !documented.includes(name))).toEqual([]);
    expect(documented.filter((name) => !(CONFIG_VARIABLES as string[]).includes(name))).toEqual([]);
  });

  test("the table parser sees a missing row (the check above can fail)", () => {
    const withoutPort = readme.replace(/^\| `PORT` .*$/m, "");
    expect(readmeConfigVariables(withoutPort)).not.toContain("PORT");
    expect(readmeConfigVariables(readme)).toContain("PORT");
    expect(readmeConfigVariables(readme)).toContain("S3_SECRET_ACCESS_KEY");
  });

  test("each variable is converted and checked once, on first use; unset and empty mean the default", () => {
    const v = readConfigVariables({ PORT: "9000", MIGRATE_ON_START: "YES", TOP_K: "" });
    expect([v.value("PORT"), v.value("MIGRATE_ON_START"), v.value("TOP_K")]).toEqual([9000, true, 5]);
    expect(v.get("DATABASE_URL")).toBeUndefined();
    const bad = readConfigVariables({ TOP_K: "2.5", VECTOR_STORAGE: "bit", NODE_ID: "a b" });
    expect(configError(() => bad.get("TOP_K")).message).toBe('TOP_K="2.5" is invalid: expected an integer from 1 to 50');
    expect(configError(() => bad.get("VECTOR_STORAGE")).message).toContain("vector | halfvec");
    expect(configError(() => bad.get("NODE_ID")).message).toContain("1 to 64 letters");
  });

  test("CHUNKING_STRATEGY chooses the ingestion chunker; an unknown strategy stops the start", () => {
    const config = loadConfig({ CHUNKING_STRATEGY: "sentence_5" });
    expect(config.chunkingStrategy).toBe("sentence_5");
    expect(chunkerFor(config).version).toStartWith("sentence_5@");
    expect(chunkerFor(config).split([{ page: 1, text: "One. Two. Three. Four. Five. Six." }]).length).toBeGreaterThanOrEqual(0);
    expect(configError(() => loadConfig({ CHUNKING_STRATEGY: "fixed_512" })).message).toContain("expected sentence_5");
  });
});
