/** `bun run bench`: runs every benchmark suite in turn and prints their figures. */
const suites = [
  "bench/parse-chunk.bench.ts",
  "bench/documents.bench.ts",
  "bench/ingest.bench.ts",
  "bench/answers.ts",
  "bench/actors.bench.ts",
  "bench/streaming.bench.ts",
  "bench/vector.bench.ts",
  "bench/abuse.bench.ts",
];
for (const suite of suites) {
  console.log(`\n=== ${suite}`);
  const proc = Bun.spawn(["bun", suite, ...process.argv.slice(2)], { cwd: new URL("..", import.meta.url).pathname, stdout: "inherit", stderr: "inherit" });
  const code = await proc.exited;
  if (code !== 0) process.exitCode = code;
}
