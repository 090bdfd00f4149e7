/**
 * A local S3-compatible server for tests: s3rver (npm devDependency, run by Bun as a child
 * process) on a port the OS picks, with a fresh data directory and its buckets created at start.
 * Without the package, suites skip with a message, and fail under CI=true.
 *
 * s3rver checks the access key id ("S3RVER") but not SigV4 signatures (its authentication
 * middleware leaves version 4 "unimplemented"), so these tests prove the requests Bun's S3 client
 * sends, not that its signatures are right.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Time allowed for s3rver to print its listening line after spawning, milliseconds. */
export const S3RVER_START_TIMEOUT_MS = 15_000;
/** The access key pair s3rver accepts (its built-in account, s3rver README "Supported clients"). */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** Whether s3rver can be used by tests, and why not. */
export interface S3rverCheck {
  readonly available: boolean;
  /** True under CI=true when unavailable: the guard test must fail. */
  readonly mustFail: boolean;
  readonly reason: string;
  /** Path of s3rver's command-line script, when installed. */
  readonly script?: string;
}

/** Looks for the s3rver package (a devDependency: `bun install` provides it). */
export function checkS3rver(env: Record<string, string | undefined> = process.env): S3rverCheck {
  let script: string | undefined;
  try {
    script = Bun.resolveSync("s3rver/bin/s3rver.js", import.meta.dir);
  } catch {
    script = undefined;
  }
  const available = script !== undefined;
  const reason = available
    ? ""
    : "the s3rver package is not installed (run bun install); " +
      (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the S3 blob store tests");
  return { available, mustFail: !available && env.CI === "true", reason, script };
}

/** An s3rver this test started. */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly port: number;
  /** s3rver's data directory (objects are files below `<directory>/<bucket>/`). */
  readonly directory: string;
  /** Stops the server and removes its data directory. */
  dispose(): Promise<void>;
}

/**
 * Spawns s3rver on 127.0.0.1 with port 0 and a fresh directory, creating `buckets` at start.
 * Path-style requests go to {@link TestS3Server.endpoint}; virtual-hosted ones to
 * `http://<bucket>.s3.localhost:<port>` (s3rver's vhost pattern with service endpoint `localhost`).
 * @throws Error (with s3rver's output) when it exits or does not listen within {@link S3RVER_START_TIMEOUT_MS}.
 */
export async function startS3rver(buckets: readonly string[], script = checkS3rver().script): Promise<TestS3Server> {
  if (!script) throw new Error("s3rver is not installed");
  const work = await mkdtemp(join(tmpdir(), "navigator-s3rver-"));
  const directory = join(work, "data");
  const log = join(work, "s3rver.log");
  const bucketArgs = buckets.flatMap((name) => ["--configure-bucket", name]);
  // --service-endpoint localhost: virtual-hosted requests go to http://<bucket>.s3.localhost:<port>.
  const args = [script, "-d", directory, "-a", "127.0.0.1", "-p", "0", "--service-endpoint", "localhost", ...bucketArgs];
  const proc = Bun.spawn([process.execPath, ...args], {
    stdout: Bun.file(log),
    stderr: Bun.file(join(work, "s3rver.err")),
  });
  const dispose = async () => {
    proc.kill("SIGTERM");
    await proc.exited;
    await rm(work, { recursive: true, force: true });
  };
  const deadline = Date.now() + S3RVER_START_TIMEOUT_MS;
  for (;;) {
    const out = (await Bun.file(log).exists()) ? await Bun.file(log).text() : "";
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    if (port) return { endpoint: `http://127.0.0.1:${port}`, port: Number(port), directory, dispose };
    if (proc.exitCode !== null || Date.now() > deadline) {
      const err = await Bun.file(join(work, "s3rver.err")).text().catch(() => "");
      await dispose();
      throw new Error(`s3rver did not start (exit ${proc.exitCode}): ${out}${err}`);
    }
    await Bun.sleep(25);
  }
}
