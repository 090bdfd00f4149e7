/**
 * Figures behind deploy/nomad's resources and the binary's numbers: builds the compiled binary
 * (size, build time), times its start (`--version`, and an embedded `serve` until /health/live
 * answers), then rehearses deploy/nomad/navigator.nomad.hcl with counts 1/1/1 against a private
 * nats-server, a fresh PostgreSQL database and an S3 bucket (s3rver), ingests the 232-page EOC
 * and four SBCs (two users), asks 100 questions, and prints per role: peak RSS (VmHWM), CPU
 * seconds and average cores used during the load. `bun bench/nomad-sizing.bench.ts`.
 * Needs nats-server, PostgreSQL with pgvector, and ../shared/corpus.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startRehearsal } from "../cli/rehearse/index.ts";
import { percentile } from "../runtime/index.ts";
import { buildBinary } from "../deploy/build.ts";
import { checkNats, freePort, startNatsServer } from "../test/support/nats.ts";
import { checkPostgres, createTestPostgresDatabase } from "../test/support/postgres.ts";
import { S3RVER_CREDENTIALS, startS3rver } from "../test/support/s3rver.ts";
import { chat, register, uploadFile, waitForJob } from "../test/support/server.ts";

const CORPUS = resolve(import.meta.dir, "../../shared/corpus");
const DOCS = [["scan_classic_hmo_2025_EOC.pdf", "SBC_Kaiser.pdf"], ["SBC_Aetna.pdf", "SBC_Anthem.pdf", "SBC_BlueCross.pdf"]] as const;
const QUESTIONS = ["What is the out-of-pocket limit?", "What is the deductible?", "Do I need a referral to see a specialist?", "What do I pay for the ER?", "Is prior authorization required for imaging?"];
const nats = checkNats();
const pg = await checkPostgres();
if (!nats.binary || !pg.available || !(await Bun.file(join(CORPUS, DOCS[0][0])).exists())) {
  console.error(`bench: needs nats-server, PostgreSQL with pgvector and ../shared/corpus (${[nats.reason, pg.reason].filter(Boolean).join("; ")})`);
  process.exit(1);
}
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const dir = await mkdtemp(join(tmpdir(), "navigator-sizing-"));
const built = await buildBinary({ outfile: join(dir, "navigator") });
console.log(`binary: ${mib(built.bytes)} (${built.bytes} bytes), release tarball ${mib(built.tarball.bytes)}, built in ${(built.buildMs / 1000).toFixed(1)} s`);

const versionMs: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  Bun.spawnSync([built.path, "--version"]);
  versionMs.push(performance.now() - t);
}
const serveMs: number[] = [];
for (let i = 0; i < 3; i++) {
  const data = join(dir, `embedded-${i}`);
  const port = await freePort();
  const t = performance.now();
  const proc = Bun.spawn([built.path, "serve"], { env: { PATH: process.env.PATH ?? "", DATA_DIR: data, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" }, stdout: "ignore", stderr: "ignore" });
  for (;;) {
    if ((await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.ok) break;
    await Bun.sleep(10);
  }
  serveMs.push(performance.now() - t);
  proc.kill("SIGTERM");
  await proc.exited;
}
console.log(`start: navigator --version p50 ${percentile(versionMs, 50).toFixed(0)} ms (10 runs); embedded serve (PGlite, first start migrates) → /health/live ${serveMs.map((m) => m.toFixed(0)).join(" / ")} ms`);

const [natsServer, database, bucket] = await Promise.all([startNatsServer(nats.binary), createTestPostgresDatabase(pg.adminUrl, { migrate: false }), startS3rver(["sizing"])]);
await Bun.write(join(dir, "vars.hcl"), `artifact_url = "file://${built.tarball.path}"\nartifact_sha256 = "${built.tarball.sha256}"\nnats_url = "${natsServer.url}"\n`);
await Bun.write(
  join(dir, "nv.hcl"),
  `path = "nomad/jobs/navigator"\nitems {\n  JWT_SECRET = "${"sizing".repeat(8)}"\n  DATABASE_URL = "${database.url}"\n  S3_BUCKET = "sizing"\n  S3_ENDPOINT = "${bucket.endpoint}"\n  S3_ACCESS_KEY_ID = "${S3RVER_CREDENTIALS.accessKeyId}"\n  S3_SECRET_ACCESS_KEY = "${S3RVER_CREDENTIALS.secretAccessKey}"\n}\n`,
);
const t0 = performance.now();
const rehearsal = await startRehearsal({
  jobFile: resolve(import.meta.dir, "../deploy/nomad/navigator.nomad.hcl"),
  varFile: join(dir, "vars.hcl"),
  variablesFiles: [join(dir, "nv.hcl")],
  counts: { api: 1, agent: 1, ingest: 1 },
  onEvent: (line) => console.log(`rehearse: ${line}`),
});
console.log(`rehearsal healthy after ${((performance.now() - t0) / 1000).toFixed(1)} s (migrate job included)`);

const procStat = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const stat = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { hwm: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]) * 1024, rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) * 1024, cpuS: ticks / 100 };
};
const before = new Map(await Promise.all(rehearsal.allocations.map(async (a) => [a.group, await procStat(a.pid)] as const)));
const loadStart = performance.now();
const [api] = rehearsal.apiUrls as [string];
const users = await Promise.all(DOCS.map(() => register(api)));
const ingestStart = performance.now();
const jobs = await Promise.all(
  DOCS.flatMap((files, u) =>
    files.map(async (f) => {
      const up = await uploadFile(api, users[u]!.token, new Uint8Array(await Bun.file(join(CORPUS, f)).arrayBuffer()), f);
      return waitForJob(api, users[u]!.token, up.body!.job_id as string, 600_000).then((j) => [f, j.status] as const);
    }),
  ),
);
console.log(`ingested ${jobs.map(([f, s]) => `${f}=${s}`).join(", ")} in ${((performance.now() - ingestStart) / 1000).toFixed(1)} s`);
const latencies: number[] = [];
for (let i = 0; i < 100; i++) {
  const user = users[i % users.length]!;
  const t = performance.now();
  const reply = await chat(api, user.token, QUESTIONS[i % QUESTIONS.length]!);
  if (reply.status !== 200) throw new Error(`chat ${reply.status}`);
  latencies.push(performance.now() - t);
}
const wallS = (performance.now() - loadStart) / 1000;
console.log(`100 chats: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms`);
console.log(`\n| role | peak RSS | RSS after load | CPU s during load (${wallS.toFixed(0)} s) | avg cores |\n|---|---|---|---|---|`);
for (const a of rehearsal.allocations) {
  const now = await procStat(a.pid);
  const cpu = now.cpuS - (before.get(a.group)?.cpuS ?? 0);
  console.log(`| ${a.group} | ${mib(now.hwm)} | ${mib(now.rss)} | ${cpu.toFixed(1)} | ${(cpu / wallS).toFixed(2)} |`);
}
console.log(`stopped: ${(await rehearsal.stop()).map((c) => `${c.allocation}=${c.code}`).join(" ")}`);
await Promise.allSettled([natsServer.dispose(), database.drop(), bucket.dispose(), rm(dir, { recursive: true, force: true })]);
