/**
 * `bun run test`: the whole suite twice — on PGlite (the embedded default), then on PostgreSQL
 * (`NAVIGATOR_TEST_DATABASE=postgres`, a fresh database per test file on the server of
 * `DATABASE_URL`, default 127.0.0.1:5432). Without a usable PostgreSQL the second pass is skipped
 * with a message (a failure under CI=true). Extra arguments go to both `bun test` runs.
 * Exit code: non-zero when either pass failed.
 */
import { TEST_DATABASE_VARIABLE } from "./support/db.ts";
import { checkPostgres } from "./support/postgres.ts";

/**
 * Per-test timeout passed to `bun test` (ms) unless the arguments carry their own `--timeout`.
 * Integration tests ingest real PDFs, and on a loaded 2-core machine one can outlast Bun's 5 s
 * default; `bunfig.toml`'s `[test] timeout` was not applied by `bun test` 1.4.5 in CI (a 5 s
 * timeout seen in test/web.test.ts while other work loaded the machine).
 */
export const DEFAULT_TEST_TIMEOUT_MS = 120_000;

const given = process.argv.slice(2);
const args = given.some((a) => a.startsWith("--timeout")) ? given : [`--timeout=${DEFAULT_TEST_TIMEOUT_MS}`, ...given];
const root = new URL("..", import.meta.url).pathname;

async function pass(label: string, env: Record<string, string>): Promise<number> {
  console.log(`\n=== bun test on ${label}`);
  const proc = Bun.spawn(["bun", "test", ...args], { cwd: root, env: { ...process.env, ...env }, stdout: "inherit", stderr: "inherit" });
  return proc.exited;
}

let code = await pass("PGlite", { [TEST_DATABASE_VARIABLE]: "pglite" });
const pg = await checkPostgres();
if (pg.available) {
  code = (await pass("PostgreSQL", { [TEST_DATABASE_VARIABLE]: "postgres" })) || code;
} else {
  console.log(`\n=== PostgreSQL pass skipped: ${pg.reason}`);
  if (pg.mustFail) code = 1;
}
process.exit(code);
