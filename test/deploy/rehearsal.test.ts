/**
 * The Nomad job rehearsed (cli/rehearse): the compiled binary, packed as the release tarball,
 * is the job's artifact (file:// URL, checked against its sha256); the migrate job migrates a
 * fresh PostgreSQL database; groups api, agent and ingest run with counts 1/1/1 against a private
 * nats-server and an S3 bucket (s3rver), their secrets rendered from a Nomad Variable file; every
 * check of the spec passes; then a member registers, uploads a PDF and chats through the api
 * allocation, and everything stops with exit code 0. Peak RSS per allocation is printed (the
 * figures behind the job's resources).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { startRehearsal, type Rehearsal } from "../../cli/rehearse/index.ts";
import { buildTestBinary, checkBinaryBuild, BINARY_BUILD_TIMEOUT_MS } from "../support/binary.ts";
import { testDatabaseKind } from "../support/db.ts";
import { checkNats, startNatsServer, type TestNatsServer } from "../support/nats.ts";
import { makePdf } from "../support/pdf.ts";
import { checkPostgres, createTestPostgresDatabase, type TestPostgresDatabase } from "../support/postgres.ts";
import { checkS3rver, S3RVER_CREDENTIALS, startS3rver, type TestS3Server } from "../support/s3rver.ts";
import { chat, register, uploadFile, waitForJob } from "../support/server.ts";

const JOB = join(import.meta.dir, "../../deploy/nomad/navigator.nomad.hcl");
const BUCKET = "navigator-rehearsal";
const build = checkBinaryBuild();
const nats = checkNats();
const pg = await checkPostgres();
const s3 = checkS3rver();
// The rehearsal always runs on PostgreSQL: it runs once, in the PostgreSQL pass of `bun run test`.
const inPostgresPass = testDatabaseKind() === "postgres";
const available = inPostgresPass && build.available && Boolean(nats.binary) && pg.available && s3.available;
const reason = [
  inPostgresPass ? "" : "the rehearsal runs in the PostgreSQL pass only (NAVIGATOR_TEST_DATABASE=postgres)",
  build.reason,
  nats.binary ? "" : "no nats-server binary (the rehearsal needs its own NATS)",
  pg.reason,
  s3.reason,
].filter(Boolean).join("; ");

/** Peak resident set of a process (VmHWM), bytes; undefined once it has exited. */
async function peakRssBytes(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : undefined;
}

describe.skipIf(!available)("navigator rehearse deploy/nomad/navigator.nomad.hcl", () => {
  let binary: Awaited<ReturnType<typeof buildTestBinary>> | undefined;
  let natsServer: TestNatsServer | undefined;
  let database: TestPostgresDatabase | undefined;
  let bucket: TestS3Server | undefined;
  let rehearsal: Rehearsal | undefined;
  const events: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    [binary, natsServer, database, bucket] = await Promise.all([
      buildTestBinary(),
      startNatsServer(nats.binary),
      createTestPostgresDatabase(pg.adminUrl, { migrate: false }),
      startS3rver([BUCKET]),
    ]);
    const varFile = join(binary.dir, "rehearsal.vars.hcl");
    await Bun.write(
      varFile,
      [
        `artifact_url    = "file://${binary.tarball.path}"`,
        `artifact_sha256 = "${binary.tarball.sha256}"`,
        `nats_url        = "${natsServer.url}"`,
        `nats_prefix     = "rehearsal"`,
      ].join("\n"),
    );
    const variables = join(binary.dir, "navigator.nv.hcl");
    await Bun.write(
      variables,
      `path = "nomad/jobs/navigator"\nitems {\n` +
        Object.entries({
          JWT_SECRET: "rehearsal-secret-0123456789abcdefghijklmnopqrstuvwxyz",
          DATABASE_URL: database.url,
          S3_BUCKET: BUCKET,
          S3_ENDPOINT: bucket.endpoint,
          S3_REGION: "us-east-1",
          S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
          S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        })
          .map(([k, v]) => `  ${k} = "${v}"\n`)
          .join("") +
        "}\n",
    );
    rehearsal = await startRehearsal({
      jobFile: JOB,
      varFile,
      variablesFiles: [variables],
      counts: { api: 1, agent: 1, ingest: 1 },
      onEvent: (line) => {
        events.push(line);
        console.log(`[rehearse] ${line}`);
      },
      onLog: (line) => {
        logs.push(line);
        if (logs.length > 5_000) logs.splice(0, 1_000);
      },
    });
  }, BINARY_BUILD_TIMEOUT_MS + 300_000);

  afterAll(async () => {
    await rehearsal?.stop();
    await Promise.allSettled([binary?.dispose(), natsServer?.dispose(), database?.drop(), bucket?.dispose()]);
  }, 120_000);

  test("the migrate job ran first and every group's checks pass (ready and live on each allocation)", async () => {
    const r = rehearsal as Rehearsal;
    expect(events.find((e) => e.startsWith("navigator-migrate: migrate.migrate complete (exit 0)"))).toBeDefined();
    expect(events.findIndex((e) => e.includes("complete (exit 0)"))).toBeLessThan(events.findIndex((e) => e.startsWith("navigator: ")));
    expect(r.allocations.map((a) => a.group).sort()).toEqual(["agent", "api", "ingest"]);
    const passed = r.checks.map((c) => `${c.allocation} ${c.service}/${c.check}`).sort();
    expect(passed).toEqual(["agent-0 navigator-agent/live", "agent-0 navigator-agent/ready", "api-0 navigator-api/live", "api-0 navigator-api/ready", "ingest-0 navigator-ingest/live", "ingest-0 navigator-ingest/ready"]);
    for (const c of r.checks.filter((c) => c.check === "ready")) expect(JSON.parse(c.body ?? "{}").checks).toMatchObject({ database: "ok", migrations: "ok", nats: "ok", blob_store: "ok" });
  });

  test("each task got the spec's environment: NOMAD_* directories and ports, secrets from the Variable file in NOMAD_SECRETS_DIR", async () => {
    const r = rehearsal as Rehearsal;
    for (const a of r.allocations) {
      expect(a.argv.slice(1)).toEqual(["serve", "--roles", a.group]);
      expect(a.argv[0]).toEndWith(`/${a.allocId}/navigator/local/navigator`);
      expect(a.env.NODE_ID).toBe(`${a.group}-0-${a.allocId.slice(0, 8)}`);
      expect(a.env.DATA_DIR).toBe(`${a.env.NOMAD_ALLOC_DIR}/data`);
      expect(a.env.NATS_PREFIX).toBe("rehearsal");
      expect(a.env.DATABASE_URL).toBe((database as TestPostgresDatabase).url);
      expect(a.env.JWT_SECRET === undefined).toBe(a.group !== "api");
      expect(a.env.METRICS_PORT).toBe(String(a.ports.metrics));
      expect(await Bun.file(join(a.env.NOMAD_SECRETS_DIR as string, "navigator.env")).text()).toContain(`S3_BUCKET=${BUCKET}`);
      const running = await fetch(`http://127.0.0.1:${a.ports.http}/health`).then((res) => res.json() as Promise<{ node_id: string; version: string }>);
      expect(running.node_id).toBe(a.env.NODE_ID as string);
      expect(running.version).toStartWith((binary as { commit?: string }).commit ? "0." : "");
    }
  });

  test("a member registers, uploads a PDF, waits for it, and chats through the rehearsed cluster", async () => {
    const [api] = (rehearsal as Rehearsal).apiUrls;
    const { token } = await register(api as string);
    const pdf = makePdf([
      "Summary of Benefits and Coverage. The overall deductible is $1,750 per person and $3,500 per family for in-network providers.",
      "The out-of-pocket limit for this plan is $6,000 per person. Specialist visits cost a $40 copay after the deductible.",
    ]);
    const upload = await uploadFile(api as string, token, pdf, "rehearsal-sbc.pdf");
    expect(upload.status).toBe(202);
    const job = await waitForJob(api as string, token, upload.body?.job_id as string, 120_000);
    expect(job.status).toBe("complete");
    const reply = await chat(api as string, token, "What is the out-of-pocket limit?");
    expect(reply.status).toBe(200);
    expect(reply.body?.found).toBe(true);
    expect(reply.body?.response).toContain("6,000");
    expect(reply.body?.sources[0]).toMatchObject({ filename: "rehearsal-sbc.pdf" });
    const agent = (rehearsal as Rehearsal).allocations.find((a) => a.group === "agent");
    expect(reply.body?.metadata.node_id).toBe(agent?.env.NODE_ID as string);
  }, 180_000);

  test("all checks still pass after the traffic; peak RSS per allocation is printed; every task stops with exit code 0", async () => {
    const r = rehearsal as Rehearsal;
    expect((await r.recheck()).filter((c) => !c.passing)).toEqual([]);
    for (const a of r.allocations) {
      const rss = await peakRssBytes(a.pid);
      console.log(`[rehearse] ${a.group}-${a.index} pid ${a.pid}: peak RSS ${rss === undefined ? "?" : (rss / 1024 / 1024).toFixed(0)} MiB (job memory ${JSON.stringify(a.env.NOMAD_MEMORY_LIMIT)} MiB, max ${JSON.stringify(a.env.NOMAD_MEMORY_MAX_LIMIT)} MiB)`);
    }
    const codes = await r.stop();
    expect(codes.map((c) => c.code)).toEqual([0, 0, 0]);
    expect(logs.filter((l) => l.includes('"navigator node stopped"')).length).toBe(3);
  }, 120_000);
});

test.if(!available)("rehearsal prerequisites", () => {
  console.warn(`[deploy/rehearsal] ${reason}`);
  if (!inPostgresPass) return;
  if (build.mustFail || nats.mustFail || pg.mustFail || s3.mustFail || (process.env.CI === "true" && !nats.binary)) throw new Error(reason);
});
