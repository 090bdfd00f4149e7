/**
 * `bun run bench`: runs every benchmark suite in turn and prints their figures (tables; pass
 * `--json` for machine-readable output where a suite supports it). `bun run bench -- --only chat-load`
 * runs the suites whose path contains that text.
 */
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
  const proc = Bun.spawn(["bun", suite, ...passThrough], { cwd: new URL("..", import.meta.url).pathname, stdout: "inherit", stderr: "inherit" });
  const code = await proc.exited;
  if (code !== 0) process.exitCode = code;
}
