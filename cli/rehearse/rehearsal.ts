/**
 * A Nomad job rehearsed on one machine without Nomad: the migrate job first (its batch task must
 * exit 0), then every group's task × count as local processes (see allocation.ts), each service
 * check polled the way a Nomad client runs it (checks.ts) until all pass within the update's
 * `healthy_deadline`. Proves that the spec's commands, environment, templates, artifact checksum
 * and checks work with this build, not just that the file parses.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { NavigatorError } from "../../runtime/index.ts";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { existsSync } from "node:fs";
import { fetchArtifact, startAllocation, type Allocation } from "./allocation.ts";
import { runCheck, type CheckResult } from "./checks.ts";
import { durationMs, JobSpecError, parseHcl, readJobSpec, type ArtifactSpec, type JobSpec, type ServiceSpec } from "./job-spec.ts";

/** How long the rehearsal waits for every check when the job's update block gives no healthy_deadline, milliseconds (Nomad's default, 5 m). */
export const DEFAULT_HEALTHY_DEADLINE_MS = 5 * 60_000;
/** Longest a migrate job may run, milliseconds. */
export const MIGRATE_TIMEOUT_MS = 10 * 60_000;
/** How often a failing check is retried while waiting for health, milliseconds (shorter than the spec's interval, to finish sooner). */
export const DEFAULT_CHECK_POLL_MS = 250;

/** The rehearsal failed: a task exited, a check never passed, or the migration failed. */
export class RehearsalError extends NavigatorError<"rehearsal_failed"> {
  readonly code = "rehearsal_failed";
  constructor(
    message: string,
    /** The failing task's last output lines (also quoted in the message). */
    readonly logs: readonly string[] = [],
  ) {
    super(logs.length ? `${message}\nlast log lines:\n${logs.slice(-30).join("\n")}` : message);
  }
}

/** Options of {@link startRehearsal}. */
export interface RehearsalOptions {
  readonly jobFile: string;
  /** `-var-file` of `nomad job run` (HCL `name = value`). */
  readonly varFile?: string;
  /** `-var name=value`. */
  readonly vars?: Record<string, string>;
  /** Group → count, overriding the spec's. */
  readonly counts?: Record<string, number>;
  /** Nomad Variable specification files (`path = "…"`, `items { … }`), as given to `nomad var put`. */
  readonly variablesFiles?: readonly string[];
  /** The migrate job to run first; default `migrate.nomad.hcl` beside the job file when present; null: none. */
  readonly migrateJobFile?: string | null;
  /** Directory of the allocation directories; default a new temporary one, removed by `stop`. */
  readonly root?: string;
  readonly checkPollMs?: number;
  /** Every task's output line, prefixed `[<group>-<index> <alloc>]`. */
  readonly onLog?: (line: string) => void;
  /** What the rehearsal does, one line per step. */
  readonly onEvent?: (line: string) => void;
}

/** A running rehearsal. */
export interface Rehearsal {
  readonly spec: JobSpec;
  readonly allocations: readonly Allocation[];
  /** Base URLs of the allocations with a service named `*-api` (or of group "api"), by index. */
  readonly apiUrls: readonly string[];
  /** The passing result of every check, per allocation. */
  readonly checks: readonly (CheckResult & { readonly allocation: string; readonly afterMs: number })[];
  /** Runs every check of every allocation once more. */
  recheck(): Promise<(CheckResult & { readonly allocation: string })[]>;
  /** Stops every allocation as Nomad would (shutdown_delay, SIGTERM, kill_timeout, SIGKILL), removes the temporary root; resolves with the exit codes. */
  stop(): Promise<{ readonly allocation: string; readonly code: number }[]>;
}

/**
 * Reads the Nomad Variable specification files into path → items.
 * @throws JobSpecError when a file has no `path` or no `items`.
 */
export async function readVariablesFiles(files: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const variables = new Map<string, Record<string, string>>();
  for (const file of files) {
    const json = await parseHcl(file, await readFile(file, "utf8"));
    const path = json.path;
    const items = (json.items as Record<string, unknown>[] | undefined)?.[0];
    if (typeof path !== "string" || !items) throw new JobSpecError(`${file}: a Nomad Variable specification needs path = "…" and an items block`);
    variables.set(path, { ...(variables.get(path) ?? {}), ...Object.fromEntries(Object.entries(items).map(([k, v]) => [k, String(v)])) });
  }
  return variables;
}

/**
 * Runs the rehearsal up to "every check passes" and returns it running.
 * @throws JobSpecError, TemplateError, ArtifactError, RehearsalError (everything started is stopped first).
 */
export async function startRehearsal(options: RehearsalOptions): Promise<Rehearsal> {
  const event = options.onEvent ?? (() => {});
  const onLog = options.onLog ?? (() => {});
  const varFileText = options.varFile ? await readFile(options.varFile, "utf8") : undefined;
  const read = async (file: string) => readJobSpec(file, await readFile(file, "utf8"), { varFileText, vars: options.vars });
  const spec = await read(options.jobFile);
  const variables = await readVariablesFiles(options.variablesFiles ?? []);
  const ownRoot = options.root === undefined;
  const root = options.root ?? (await mkdtemp(join(tmpdir(), "navigator-rehearsal-")));
  const artifacts = new Map<string, Promise<Uint8Array>>();
  const cachedFetch = (a: ArtifactSpec) => {
    const key = `${a.source} ${a.options.checksum}`;
    if (!artifacts.has(key)) artifacts.set(key, fetchArtifact(a));
    return artifacts.get(key) as Promise<Uint8Array>;
  };
  const started: Allocation[] = [];
  const stopAll = async () => {
    const codes = await Promise.all(started.map(async (a) => ({ allocation: `${a.group}-${a.index}`, code: await a.stop() })));
    if (ownRoot) await rm(root, { recursive: true, force: true });
    return codes;
  };
  const datacenter = Array.isArray(spec.variables.datacenters) ? String(spec.variables.datacenters[0]) : "dc1";

  try {
    const migrateFile = options.migrateJobFile === undefined ? defaultMigrateFile(options.jobFile) : options.migrateJobFile;
    if (migrateFile) {
      const migrate = await read(migrateFile);
      for (const group of migrate.groups) {
        for (const task of group.tasks) {
          const t0 = performance.now();
          const alloc = await startAllocation({ spec: migrate, group, task, index: 0, root, variables, ports: await allocatePorts(group.ports), fetchArtifact: cachedFetch, onLog, datacenter });
          event(`${migrate.id}: ${group.name}.${task.name} started (${alloc.argv.slice(1).join(" ")})`);
          const code = await Promise.race([alloc.exited, Bun.sleep(MIGRATE_TIMEOUT_MS).then(() => -1)]);
          if (code !== 0) {
            await alloc.stop();
            throw new RehearsalError(`${migrate.id}: ${group.name}.${task.name} ${code === -1 ? "did not finish in time" : `exited with code ${code}`}`, alloc.logs());
          }
          event(`${migrate.id}: ${group.name}.${task.name} complete (exit 0) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        }
      }
    }

    for (const group of spec.groups) {
      const count = options.counts?.[group.name] ?? group.count;
      for (let index = 0; index < count; index++) {
        for (const task of group.tasks) {
          const alloc = await startAllocation({ spec, group, task, index, root, variables, ports: await allocatePorts(group.ports), fetchArtifact: cachedFetch, onLog, datacenter });
          started.push(alloc);
          const ports = Object.entries(alloc.ports).map(([l, p]) => `${l}=${p}`).join(" ");
          event(`${spec.id}: ${group.name}[${index}] alloc ${alloc.allocId.slice(0, 8)} pid ${alloc.pid}: ${alloc.argv.slice(1).join(" ")} (ports ${ports})`);
        }
      }
    }

    const deadlineMs = spec.update?.healthy_deadline ? durationMs(String(spec.update.healthy_deadline)) : DEFAULT_HEALTHY_DEADLINE_MS;
    const checks = await waitHealthy(spec, started, deadlineMs, options.checkPollMs ?? DEFAULT_CHECK_POLL_MS, event);
    const apiUrls = started.filter((a) => servicesOf(spec, a).some((s) => s.name.endsWith("-api"))).map((a) => `http://127.0.0.1:${a.env.PORT ?? ""}`);
    let stopping: ReturnType<typeof stopAll> | undefined;
    return {
      spec,
      allocations: started,
      apiUrls,
      checks,
      async recheck() {
        const results = [];
        for (const a of started) for (const s of servicesOf(spec, a)) for (const c of s.checks) results.push({ ...(await runCheck(a, s, c)), allocation: `${a.group}-${a.index}` });
        return results;
      },
      stop() {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Services of an allocation's group and task. */
function servicesOf(spec: JobSpec, a: Allocation): ServiceSpec[] {
  const group = spec.groups.find((g) => g.name === a.group);
  return [...(group?.services ?? []), ...(group?.tasks.find((t) => t.name === a.task)?.services ?? [])];
}

async function waitHealthy(spec: JobSpec, allocations: readonly Allocation[], deadlineMs: number, pollMs: number, event: (line: string) => void) {
  const t0 = performance.now();
  const passed: (CheckResult & { allocation: string; afterMs: number })[] = [];
  await Promise.all(
    allocations.map(async (a) => {
      let exited: number | undefined;
      void a.exited.then((code) => (exited = code));
      for (const service of servicesOf(spec, a)) {
        for (const check of service.checks) {
          let last: CheckResult | undefined;
          for (;;) {
            if (exited !== undefined) throw new RehearsalError(`${a.group}[${a.index}] exited with code ${exited} before check ${service.name}/${check.name} passed`, a.logs());
            last = await runCheck(a, service, check);
            if (last.passing) break;
            if (performance.now() - t0 > deadlineMs) {
              throw new RehearsalError(`${a.group}[${a.index}]: check ${service.name}/${check.name} (${last.target}) did not pass within the healthy_deadline of ${deadlineMs} ms: ${last.detail} ${last.body ?? ""}`, a.logs());
            }
            await Bun.sleep(pollMs);
          }
          const afterMs = performance.now() - t0;
          passed.push({ ...last, allocation: `${a.group}-${a.index}`, afterMs });
          event(`${spec.id}: ${a.group}[${a.index}] check ${service.name}/${check.name} GET ${last.target} → ${last.detail} after ${(afterMs / 1000).toFixed(1)} s`);
        }
      }
    }),
  );
  return passed;
}

function defaultMigrateFile(jobFile: string): string | null {
  const candidate = join(dirname(jobFile), "migrate.nomad.hcl");
  return candidate !== jobFile && existsSync(candidate) ? candidate : null;
}

/** A free port per label (static ports are used as given). */
async function allocatePorts(ports: readonly { label: string; static?: number }[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const p of ports) out[p.label] = p.static ?? freePort();
  return out;
}

function freePort(): number {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}
