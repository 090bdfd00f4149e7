#!/usr/bin/env bun
/**
 * `bun run build [-- --outfile PATH] [--target bun-linux-x64]`: compiles `cli/main.ts` into one
 * standalone executable (default `./navigator`, Linux x64) with everything it reads at run time
 * embedded through `--asset`: the SQL migrations (`db/migrations`, read by db/migrate.ts as
 * `/$bunfs/root/migrations`) and PGlite's WASM, file-system image and pgvector bundle (read by
 * PGlite beside its own code, i.e. `/$bunfs/root/<file>`; see db/pglite-bundles.ts). The git
 * commit is compiled in (`navigator --version` → `0.1.0+<commit>`). Beside the binary it writes the
 * release tarball the Nomad jobs download, `navigator-<os>-<arch>.tar.gz` holding the one file
 * `navigator` (mode 0755: an archive keeps the executable bit, a bare download would not), and
 * `<tarball>.sha256` (`sha256sum` format) for the artifact's `checksum`. Prints sizes and hashes.
 * Exit codes: 0 built, 1 the compiler failed, 2 bad arguments.
 */
import { createHash } from "node:crypto";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";

/** Where the repository root is (this file lives in `deploy/`). */
export const REPO_ROOT = resolve(import.meta.dir, "..");
/** Default output, relative to the current directory. */
export const DEFAULT_BUILD_OUTFILE = "navigator";
/**
 * Modules started as Bun Workers: the embedded PGlite host (db/pglite) and the ingestion parse
 * worker (actors/ingestion/workers). A standalone executable only contains a worker's code when
 * it is passed as an extra entrypoint (Bun: "Standalone executables → Worker").
 */
export const WORKER_ENTRYPOINTS = ["db/pglite/host.ts", "actors/ingestion/workers/parse-worker.ts"] as const;

/** Default compile target: the Nomad clients run Linux on x86-64. */
export const DEFAULT_BUILD_TARGET = "bun-linux-x64";

/** Files and folders embedded in the binary, absolute paths. */
export function buildAssets(root = REPO_ROOT): string[] {
  const pglite = dirname(Bun.resolveSync("@electric-sql/pglite", root));
  const pgvector = dirname(Bun.resolveSync("@electric-sql/pglite-pgvector", root));
  return [
    join(root, "db/migrations"),
    join(pglite, "pglite.wasm"),
    join(pglite, "initdb.wasm"),
    join(pglite, "pglite.data"),
    join(pgvector, "vector.tar.gz"),
  ];
}

/** The short commit of `root`'s HEAD, or undefined outside a git checkout. */
export function gitCommit(root = REPO_ROOT): string | undefined {
  const proc = Bun.spawnSync(["git", "-C", root, "rev-parse", "--short", "HEAD"], { stdout: "pipe", stderr: "ignore" });
  const commit = proc.stdout.toString().trim();
  return proc.exitCode === 0 && /^[0-9a-f]{4,40}$/.test(commit) ? commit : undefined;
}

/** What {@link buildBinary} made. */
export interface BuiltBinary {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The release tarball (`navigator-<os>-<arch>.tar.gz`) beside the binary, its size and SHA-256. */
  readonly tarball: { readonly path: string; readonly bytes: number; readonly sha256: string };
  readonly commit?: string;
  readonly buildMs: number;
}

/**
 * Compiles the binary to `outfile` for `target`.
 * @throws Error with the compiler's output when `bun build` fails.
 */
export async function buildBinary(options: { outfile?: string; target?: string; root?: string } = {}): Promise<BuiltBinary> {
  const root = options.root ?? REPO_ROOT;
  const path = resolve(options.outfile ?? DEFAULT_BUILD_OUTFILE);
  const commit = gitCommit(root);
  const started = performance.now();
  const args = [
    process.execPath,
    "build",
    "--compile",
    `--target=${options.target ?? DEFAULT_BUILD_TARGET}`,
    join(root, "cli/main.ts"),
    // Worker entrypoints (new Worker(new URL(…, import.meta.url))) must be compiled in beside main.
    ...WORKER_ENTRYPOINTS.map((entry) => join(root, entry)),
    ...buildAssets(root).flatMap((asset) => ["--asset", asset]),
    // The rehearsal's HCL parser (cli/rehearse) loads WASM from node_modules: not part of the binary.
    "--external",
    "@cdktf/hcl2json",
    "--define",
    `NAVIGATOR_BUILD_COMMIT=${JSON.stringify(commit ?? "")}`,
    "--outfile",
    path,
  ];
  const proc = Bun.spawn(args, { cwd: root, stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
  if (code !== 0) throw new Error(`bun build --compile failed with code ${code}:\n${out}${err}`);
  const buildMs = performance.now() - started;
  const bytes = (await stat(path)).size;
  const sha256 = await sha256File(path);
  const target = (options.target ?? DEFAULT_BUILD_TARGET).replace(/^bun-/, "");
  const tarball = join(dirname(path), `navigator-${target}.tar.gz`);
  await packTarball(path, tarball);
  const tarSha256 = await sha256File(tarball);
  await Bun.write(`${tarball}.sha256`, `${tarSha256}  ${basename(tarball)}\n`);
  return { path, bytes, sha256, buildMs, tarball: { path: tarball, bytes: (await stat(tarball)).size, sha256: tarSha256 }, ...(commit ? { commit } : {}) };
}

/** SHA-256 of a file, hex. */
export async function sha256File(path: string): Promise<string> {
  return createHash("sha256").update(new Uint8Array(await Bun.file(path).arrayBuffer())).digest("hex");
}

/**
 * Writes `tarball` (gzip) holding `binary` as `navigator`, mode 0755.
 * @throws Error with tar's output when `tar` fails.
 */
async function packTarball(binary: string, tarball: string): Promise<void> {
  const stage = await mkdtemp(join(tmpdir(), "navigator-release-"));
  try {
    await copyFile(binary, join(stage, "navigator"));
    const proc = Bun.spawnSync(["tar", "-C", stage, "--owner=0", "--group=0", "--mode=0755", "-czf", tarball, "navigator"], { stderr: "pipe" });
    if (proc.exitCode !== 0) throw new Error(`tar failed: ${proc.stderr.toString()}`);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  let values: { outfile?: string; target?: string };
  try {
    values = parseArgs({ args: Bun.argv.slice(2), options: { outfile: { type: "string" }, target: { type: "string" } }, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: bun run build [-- --outfile PATH] [--target ${DEFAULT_BUILD_TARGET}]`);
    process.exit(2);
  }
  try {
    const built = await buildBinary(values);
    console.log(`built ${built.path} (${(built.bytes / 1024 / 1024).toFixed(1)} MiB, ${(built.buildMs / 1000).toFixed(1)} s${built.commit ? `, commit ${built.commit}` : ""})`);
    console.log(`sha256 ${built.sha256}`);
    console.log(`release ${built.tarball.path} (${(built.tarball.bytes / 1024 / 1024).toFixed(1)} MiB) sha256 ${built.tarball.sha256} (also in ${built.tarball.path}.sha256)`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
