/**
 * `bun run bench`: runs every benchmark suite in turn and prints their figures (tables; pass
 * `--json` for machine-readable output where a suite supports it). `bun run bench -- --only chat-load`
 * runs the suites whose path contains that text. The chat load runs its closed loop and then
 * issue 13's sustained rate, {@link CHAT_LOAD_RATE_PER_S} requests/s at a constant arrival rate.
 */

/** Requests/s of the chat load's constant-arrival-rate run in `bun run bench` (issue 13: ≥ 200 sustained). */
export const CHAT_LOAD_RATE_PER_S = 200;
/** Arguments a suite always gets (before those passed through). */
const SUITE_ARGS: Record<string, string[]> = { "bench/chat-load.bench.ts": ["--rate", String(CHAT_LOAD_RATE_PER_S)] };
const suites = [
  "bench/parse-chunk.bench.ts",
  "bench/documents.bench.ts",
  "bench/ingest.bench.ts",
  "bench/answers.ts",
  "bench/actors.bench.ts",
  "bench/streaming.bench.ts",
  "bench/vector.bench.ts",
  "bench/abuse.bench.ts",
  "bench/peers/llamaindex.bench.ts",
  "bench/chat-load.bench.ts",
  "bench/responsiveness.bench.ts",
  "bench/turn-profile.bench.ts",
];
const only = process.argv.indexOf("--only");
const filter = only >= 0 ? process.argv[only + 1] : undefined;
const passThrough = process.argv.slice(2).filter((a, i, all) => a !== "--only" && all[i - 1] !== "--only");
for (const suite of suites.filter((s) => !filter || s.includes(filter))) {
  console.log(`\n=== ${suite}`);
  const proc = Bun.spawn(["bun", suite, ...(SUITE_ARGS[suite] ?? []), ...passThrough], { cwd: new URL("..", import.meta.url).pathname, stdout: "inherit", stderr: "inherit" });
  const code = await proc.exited;
  if (code !== 0) process.exitCode = code;
}
