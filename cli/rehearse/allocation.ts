/**
 * One rehearsed allocation: the task directory Nomad would make (`<root>/<alloc id>/alloc`,
 * `<root>/<alloc id>/<task>/{local,secrets,tmp}`), the artifact fetched and checked against its
 * checksum, the templates rendered, the `NOMAD_*` runtime variables set as Nomad's "Runtime
 * Environment" documents them, and the task's command started in its task directory with only
 * that environment (plus PATH), as the exec driver does.
 */
import { NavigatorError } from "../../runtime/index.ts";
import { createHash } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readLines } from "../cluster/log-lines.ts";
import { durationMs, interpolateRuntime, JobSpecError, type ArtifactSpec, type GroupSpec, type JobSpec, type TaskSpec } from "./job-spec.ts";
import { parseEnvFile, renderTemplate } from "./template.ts";

/** Address every rehearsed port is bound to (Nomad: the client's network interface). */
export const REHEARSAL_IP = "127.0.0.1";
/** Nomad's default kill_timeout, milliseconds. */
export const NOMAD_DEFAULT_KILL_TIMEOUT_MS = 5_000;
/** Prefixed output lines an allocation keeps for error messages. */
export const ALLOCATION_LOG_TAIL_LINES = 200;

/** A running (or finished) rehearsed task. */
export interface Allocation {
  readonly job: string;
  readonly group: string;
  readonly index: number;
  readonly task: string;
  readonly allocId: string;
  /** Port label → host port. */
  readonly ports: Record<string, number>;
  /** The complete environment the task was started with. */
  readonly env: Record<string, string>;
  readonly argv: readonly string[];
  readonly pid: number;
  /** Exit code once the process ended (128 + signal when killed). */
  readonly exited: Promise<number>;
  /** Last output lines, prefixed `[<group>-<index> <alloc8>]`. */
  logs(): string[];
  /**
   * Stops it as a Nomad client does: waits `shutdown_delay` (services are deregistered first),
   * sends SIGTERM, and SIGKILL after `kill_timeout`. Resolves with the exit code.
   */
  stop(): Promise<number>;
}

/** What {@link startAllocation} needs. */
export interface AllocationOptions {
  readonly spec: JobSpec;
  readonly group: GroupSpec;
  readonly task: TaskSpec;
  readonly index: number;
  /** Directory under which allocation directories are made. */
  readonly root: string;
  /** Nomad Variables by path (from the variables files). */
  readonly variables: ReadonlyMap<string, Record<string, string>>;
  /** Port label → host port for this allocation. */
  readonly ports: Record<string, number>;
  /** Fetches (and caches) an artifact's bytes after checking its checksum. */
  readonly fetchArtifact: (artifact: ArtifactSpec) => Promise<Uint8Array>;
  readonly onLog: (line: string) => void;
  readonly datacenter?: string;
}

/**
 * Prepares the allocation directory and starts the task.
 * @throws JobSpecError / TemplateError when the task cannot be prepared (unsupported driver, a
 *   runtime interpolation that is not provided, a template it cannot render); ArtifactError when an
 *   artifact cannot be fetched or its checksum differs.
 */
export async function startAllocation(o: AllocationOptions): Promise<Allocation> {
  const { spec, group, task } = o;
  if (task.driver !== "exec" && task.driver !== "raw_exec") throw new JobSpecError(`${spec.file}: task ${group.name}.${task.name}: the rehearsal runs exec tasks only, not ${JSON.stringify(task.driver)}`);
  if (!task.command) throw new JobSpecError(`${spec.file}: task ${group.name}.${task.name}: config.command is missing`);
  const allocId = crypto.randomUUID();
  const allocRoot = join(o.root, allocId);
  const taskDir = join(allocRoot, task.name);
  const env = nomadEnvironment({ ...o, allocId, allocRoot, taskDir });
  for (const dir of [env.NOMAD_ALLOC_DIR, env.NOMAD_TASK_DIR, env.NOMAD_SECRETS_DIR, join(taskDir, "tmp")]) await mkdir(dir as string, { recursive: true });

  for (const artifact of task.artifacts) {
    const bytes = await o.fetchArtifact(artifact);
    await unpackArtifact(artifact, bytes, resolve(taskDir, interpolateRuntime(artifact.destination, env)));
  }
  const taskEnv: Record<string, string> = { ...env };
  for (const tp of task.templates) {
    if (tp.data === undefined) throw new JobSpecError(`${spec.file}: task ${group.name}.${task.name}: templates with "source" are not rehearsed; use "data"`);
    const rendered = renderTemplate(tp.data, { variables: o.variables, env });
    const destination = resolve(taskDir, interpolateRuntime(tp.destination, env));
    await mkdir(dirname(destination), { recursive: true });
    await Bun.write(destination, rendered);
    if (tp.env) Object.assign(taskEnv, parseEnvFile(rendered));
  }
  for (const [k, v] of Object.entries(task.env)) taskEnv[k] = interpolateRuntime(v, env);
  const command = interpolateRuntime(task.command, env);
  const argv = [isAbsolute(command) ? command : join(taskDir, command), ...task.args.map((a) => interpolateRuntime(a, env))];
  const fullEnv = { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin", ...taskEnv };

  const prefix = `[${group.name}-${o.index} ${allocId.slice(0, 8)}]`;
  const tail: string[] = [];
  const onLine = (line: string) => {
    const prefixed = `${prefix} ${line}`;
    tail.push(prefixed);
    if (tail.length > ALLOCATION_LOG_TAIL_LINES) tail.shift();
    o.onLog(prefixed);
  };
  const proc = Bun.spawn(argv, { cwd: taskDir, env: fullEnv, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const exited = Promise.all([proc.exited, readLines(proc.stdout, onLine), readLines(proc.stderr, onLine)]).then(([code]) => code);
  let stopping: Promise<number> | undefined;
  return {
    job: spec.id,
    group: group.name,
    index: o.index,
    task: task.name,
    allocId,
    ports: o.ports,
    env: fullEnv,
    argv,
    pid: proc.pid,
    exited,
    logs: () => [...tail],
    stop() {
      stopping ??= (async () => {
        if (proc.exitCode !== null || proc.signalCode !== null) return exited;
        await Bun.sleep(task.shutdownDelay ? durationMs(task.shutdownDelay) : 0);
        proc.kill("SIGTERM");
        const killMs = task.killTimeout ? durationMs(task.killTimeout) : NOMAD_DEFAULT_KILL_TIMEOUT_MS;
        const timer = setTimeout(() => proc.kill("SIGKILL"), killMs);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopping;
    },
  };
}

/**
 * The `NOMAD_*` variables of a task (Nomad documentation, "Runtime Environment"): directories,
 * allocation and job identity, resources, and for each port label `NOMAD_IP_`, `NOMAD_PORT_`,
 * `NOMAD_ADDR_`, `NOMAD_HOST_IP_`, `NOMAD_HOST_PORT_`, `NOMAD_HOST_ADDR_` (host networking: the
 * allocated port is the host port).
 */
export function nomadEnvironment(o: AllocationOptions & { allocId: string; allocRoot: string; taskDir: string }): Record<string, string> {
  const { spec, group, task } = o;
  const env: Record<string, string> = {
    NOMAD_ALLOC_DIR: join(o.allocRoot, "alloc"),
    NOMAD_TASK_DIR: join(o.taskDir, "local"),
    NOMAD_SECRETS_DIR: join(o.taskDir, "secrets"),
    NOMAD_ALLOC_ID: o.allocId,
    NOMAD_SHORT_ALLOC_ID: o.allocId.slice(0, 8),
    NOMAD_ALLOC_NAME: `${spec.id}.${group.name}[${o.index}]`,
    NOMAD_ALLOC_INDEX: String(o.index),
    NOMAD_TASK_NAME: task.name,
    NOMAD_GROUP_NAME: group.name,
    NOMAD_JOB_ID: spec.id,
    NOMAD_JOB_NAME: spec.id,
    NOMAD_NAMESPACE: "default",
    NOMAD_REGION: "global",
    NOMAD_DC: o.datacenter ?? "dc1",
  };
  if (task.resources.cpu !== undefined) env.NOMAD_CPU_LIMIT = String(task.resources.cpu);
  if (task.resources.memory !== undefined) env.NOMAD_MEMORY_LIMIT = String(task.resources.memory);
  if (task.resources.memory_max !== undefined) env.NOMAD_MEMORY_MAX_LIMIT = String(task.resources.memory_max);
  for (const [label, port] of Object.entries(o.ports)) {
    const addr = `${REHEARSAL_IP}:${port}`;
    Object.assign(env, {
      [`NOMAD_IP_${label}`]: REHEARSAL_IP,
      [`NOMAD_PORT_${label}`]: String(port),
      [`NOMAD_ADDR_${label}`]: addr,
      [`NOMAD_HOST_IP_${label}`]: REHEARSAL_IP,
      [`NOMAD_HOST_PORT_${label}`]: String(port),
      [`NOMAD_HOST_ADDR_${label}`]: addr,
    });
  }
  return env;
}

/** An artifact that cannot be fetched, or whose checksum differs from the job's. */
export class ArtifactError extends NavigatorError<"artifact_failed"> {
  readonly code = "artifact_failed";
}

/**
 * Fetches an artifact (`http(s)://`, `file://` or a local path) and verifies `options.checksum`
 * (`<md5|sha1|sha256|sha512>:<hex>`), as go-getter does before Nomad unpacks it.
 * @throws ArtifactError when it cannot be read, has no checksum, or the checksum differs.
 */
export async function fetchArtifact(artifact: ArtifactSpec): Promise<Uint8Array> {
  const source = artifact.source;
  let bytes: Uint8Array;
  try {
    if (/^https?:\/\//.test(source)) {
      const response = await fetch(source);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } else {
      const path = source.startsWith("file://") ? fileURLToPath(source) : source;
      bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
    }
  } catch (error) {
    throw new ArtifactError(`artifact ${source}: cannot fetch it (${(error as Error).message})`);
  }
  const checksum = artifact.options.checksum;
  const m = checksum ? /^(md5|sha1|sha256|sha512):([0-9a-fA-F]+)$/.exec(checksum) : null;
  if (!m) throw new ArtifactError(`artifact ${source}: no checksum of the form sha256:<hex> (got ${JSON.stringify(checksum)})`);
  const actual = createHash(m[1] as string).update(bytes).digest("hex");
  if (actual !== (m[2] as string).toLowerCase()) throw new ArtifactError(`artifact ${source}: checksum mismatch: the job says ${m[1]}:${m[2]}, the file is ${m[1]}:${actual}`);
  return bytes;
}

/** Writes the artifact into `destination`: archives (.tar.gz, .tgz, .tar) unpacked, other files by their name. */
async function unpackArtifact(artifact: ArtifactSpec, bytes: Uint8Array, destination: string): Promise<void> {
  await mkdir(destination, { recursive: true });
  const name = basename(new URL(artifact.source, "file:///").pathname);
  if (!/\.(tar\.gz|tgz|tar)$/.test(name)) {
    await Bun.write(join(destination, name), bytes);
    return;
  }
  const archive = join(destination, `.${name}.download`);
  await Bun.write(archive, bytes);
  try {
    const proc = Bun.spawnSync(["tar", "-xf", archive, "-C", destination], { stderr: "pipe" });
    if (proc.exitCode !== 0) throw new ArtifactError(`artifact ${artifact.source}: cannot unpack it: ${proc.stderr.toString().trim()}`);
  } finally {
    await rm(archive, { force: true });
  }
}
