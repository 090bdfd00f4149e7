/**
 * Nomad job files as data: parses HCL with `@cdktf/hcl2json` (HashiCorp's HCL parser compiled to
 * WASM) and reads the parts Navigator's jobs use into a {@link JobSpec}, with the job's input
 * variables resolved (defaults, then a var-file, then `--var`), the way `nomad job run
 * -var-file=… -var k=v` does. Runtime interpolations (`${NOMAD_PORT_http}`, `${node.unique.id}`)
 * are left in place for {@link interpolateRuntime}. Used by `navigator rehearse` and by the
 * policy test of deploy/nomad.
 */

import { NavigatorError } from "../../runtime/index.ts";

/**
 * `@cdktf/hcl2json`'s parser. Loaded with `require`, not `import`: its type declarations
 * reference the DOM library, which would change the global types of the whole project. It loads
 * its WASM from beside its own files, so it works from a source checkout, not inside the compiled
 * binary (cli/main.ts says so).
 */
const { parse } = require("@cdktf/hcl2json") as { parse(file: string, text: string): Promise<Record<string, unknown>> };

/** A job file the reader cannot use; the message names the file and the part. */
export class JobSpecError extends NavigatorError<"job_spec_invalid"> {
  readonly code = "job_spec_invalid";
}

/** One `check` of a service (durations as written, e.g. "10s"). */
export interface CheckSpec {
  readonly name: string;
  readonly type: string;
  readonly path?: string;
  /** Port label; default: the service's. */
  readonly port?: string;
  readonly interval?: string;
  readonly timeout?: string;
  readonly checkRestart?: { readonly limit?: number; readonly grace?: string };
}

/** One `service` of a group or task. */
export interface ServiceSpec {
  readonly name: string;
  readonly provider?: string;
  readonly port?: string;
  readonly tags: readonly string[];
  readonly checks: readonly CheckSpec[];
}

/** One `template` of a task. */
export interface TemplateSpec {
  readonly data?: string;
  readonly source?: string;
  readonly destination: string;
  readonly env: boolean;
  readonly changeMode?: string;
}

/** One `artifact` of a task. */
export interface ArtifactSpec {
  readonly source: string;
  readonly destination: string;
  readonly options: Record<string, string>;
}

/** One `task`. */
export interface TaskSpec {
  readonly name: string;
  readonly driver: string;
  /** `config.command` and `config.args`. */
  readonly command?: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  readonly templates: readonly TemplateSpec[];
  readonly artifacts: readonly ArtifactSpec[];
  readonly services: readonly ServiceSpec[];
  readonly killTimeout?: string;
  readonly shutdownDelay?: string;
  readonly resources: Record<string, unknown>;
  readonly volumeMounts: readonly Record<string, unknown>[];
}

/** One `group`. */
export interface GroupSpec {
  readonly name: string;
  readonly count: number;
  /** Port labels of `network` with their static port when set. */
  readonly ports: readonly { readonly label: string; readonly static?: number }[];
  readonly services: readonly ServiceSpec[];
  readonly tasks: readonly TaskSpec[];
  readonly update?: Record<string, unknown>;
  readonly restart?: Record<string, unknown>;
  readonly reschedule?: Record<string, unknown>;
  readonly spread: readonly Record<string, unknown>[];
}

/** A parsed, variable-resolved job. */
export interface JobSpec {
  readonly file: string;
  readonly id: string;
  readonly type: string;
  readonly update?: Record<string, unknown>;
  readonly groups: readonly GroupSpec[];
  /** The resolved input variables. */
  readonly variables: Record<string, unknown>;
}

type Block = Record<string, unknown>;

/** Parses HCL text to hcl2json's JSON (blocks as arrays). @throws JobSpecError on a syntax error. */
export async function parseHcl(file: string, text: string): Promise<Record<string, unknown>> {
  try {
    return (await parse(file, text)) as Record<string, unknown>;
  } catch (error) {
    throw new JobSpecError(`${file}: not valid HCL: ${String((error as Error).message ?? error)}`);
  }
}

/**
 * Reads a job file. `varFileText` (HCL `name = value` lines) and `vars` (strings, converted to
 * the variable's type) override the defaults.
 * @throws JobSpecError when the file holds no single job, a variable without default is not
 *   given, a value has the wrong type, an unknown variable is given, or a field has the wrong shape.
 */
export async function readJobSpec(file: string, text: string, options: { varFileText?: string; vars?: Record<string, string> } = {}): Promise<JobSpec> {
  const json = await parseHcl(file, text);
  const variables = await resolveVariables(file, json, options);
  const resolved = substituteVariables(json, variables) as Block;
  const jobs = Object.entries((resolved.job ?? {}) as Record<string, Block[]>);
  if (jobs.length !== 1) throw new JobSpecError(`${file}: expected exactly one job block, found ${jobs.length}`);
  const [id, [job]] = jobs[0] as [string, Block[]];
  if (!job) throw new JobSpecError(`${file}: job "${id}" is empty`);
  const groups = Object.entries((job.group ?? {}) as Record<string, Block[]>).map(([name, [g]]) => readGroup(file, name, g ?? {}));
  return { file, id, type: str(job.type) ?? "service", update: first(job.update), groups, variables };
}

function readGroup(file: string, name: string, g: Block): GroupSpec {
  const count = g.count === undefined ? 1 : Number(g.count);
  if (!Number.isInteger(count) || count < 0) throw new JobSpecError(`${file}: group "${name}": count must be an integer ≥ 0, got ${JSON.stringify(g.count)}`);
  const ports = blocks(first(g.network)?.port).flatMap((byLabel) =>
    Object.entries(byLabel).map(([label, [p]]) => ({ label, ...(p && (p as Block).static !== undefined ? { static: Number((p as Block).static) } : {}) })),
  );
  const tasks = Object.entries((g.task ?? {}) as Record<string, Block[]>).map(([taskName, [t]]) => readTask(file, `${name}.${taskName}`, taskName, t ?? {}));
  return {
    name,
    count,
    ports,
    services: arr(g.service).map((s) => readService(s)),
    tasks,
    update: first(g.update),
    restart: first(g.restart),
    reschedule: first(g.reschedule),
    spread: arr(g.spread),
  };
}

function readTask(file: string, where: string, name: string, t: Block): TaskSpec {
  const config = first(t.config) ?? {};
  const args = config.args === undefined ? [] : config.args;
  if (!Array.isArray(args)) throw new JobSpecError(`${file}: task ${where}: config.args must be a list`);
  const env: Record<string, string> = {};
  for (const block of arr(t.env)) for (const [k, v] of Object.entries(block)) env[k] = String(v);
  return {
    name,
    driver: str(t.driver) ?? "",
    command: str(config.command),
    args: args.map(String),
    env,
    templates: arr(t.template).map((tp) => ({
      data: str(tp.data),
      source: str(tp.source),
      destination: str(tp.destination) ?? "",
      env: tp.env === true || tp.env === "true",
      changeMode: str(tp.change_mode),
    })),
    artifacts: arr(t.artifact).map((a) => ({
      source: str(a.source) ?? "",
      destination: str(a.destination) ?? "local/",
      options: Object.fromEntries(Object.entries(first(a.options) ?? {}).map(([k, v]) => [k, String(v)])),
    })),
    services: arr(t.service).map((s) => readService(s)),
    killTimeout: str(t.kill_timeout),
    shutdownDelay: str(t.shutdown_delay),
    resources: first(t.resources) ?? {},
    volumeMounts: arr(t.volume_mount),
  };
}

function readService(s: Block): ServiceSpec {
  return {
    name: str(s.name) ?? "",
    provider: str(s.provider),
    port: str(s.port),
    tags: Array.isArray(s.tags) ? s.tags.map(String) : [],
    checks: arr(s.check).map((c) => {
      const restart = first(c.check_restart);
      return {
        name: str(c.name) ?? "",
        type: str(c.type) ?? "",
        path: str(c.path),
        port: str(c.port),
        interval: str(c.interval),
        timeout: str(c.timeout),
        ...(restart ? { checkRestart: { limit: restart.limit === undefined ? undefined : Number(restart.limit), grace: str(restart.grace) } } : {}),
      };
    }),
  };
}

/** Declared variables with their type and default, from hcl2json's `variable` blocks. */
async function resolveVariables(file: string, json: Record<string, unknown>, options: { varFileText?: string; vars?: Record<string, string> }) {
  const declared = Object.entries((json.variable ?? {}) as Record<string, Block[]>).map(([name, [v]]) => ({
    name,
    type: typeName(v?.type),
    hasDefault: v !== undefined && "default" in v,
    default: v?.default,
  }));
  const byName = new Map(declared.map((d) => [d.name, d]));
  const values: Record<string, unknown> = {};
  for (const d of declared) if (d.hasDefault) values[d.name] = d.default;
  if (options.varFileText !== undefined) {
    const given = await parseHcl(`${file} (var-file)`, options.varFileText);
    for (const [name, value] of Object.entries(given)) {
      if (!byName.has(name)) throw new JobSpecError(`${file}: the var-file sets "${name}", which the job does not declare`);
      values[name] = value;
    }
  }
  for (const [name, raw] of Object.entries(options.vars ?? {})) {
    const d = byName.get(name);
    if (!d) throw new JobSpecError(`${file}: --var ${name}: the job declares no such variable`);
    values[name] = convert(file, name, d.type, raw);
  }
  for (const d of declared) {
    if (!(d.name in values)) throw new JobSpecError(`${file}: variable "${d.name}" has no default: set it in the var-file or with --var ${d.name}=…`);
    if (d.type === "number" && typeof values[d.name] !== "number") values[d.name] = convert(file, d.name, d.type, String(values[d.name]));
  }
  return values;
}

function typeName(type: unknown): string {
  const s = typeof type === "string" ? type.replace(/^\$\{(.*)\}$/, "$1") : "any";
  return s;
}

function convert(file: string, name: string, type: string, raw: string): unknown {
  if (type === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) throw new JobSpecError(`${file}: variable "${name}" must be a number, got ${JSON.stringify(raw)}`);
    return n;
  }
  if (type.startsWith("list(")) return raw.split(",").map((s) => s.trim()).filter(Boolean);
  return raw;
}

const WHOLE_VAR = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/;
const PART_VAR = /\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/** Replaces `${var.x}` everywhere: a whole-string reference keeps the value's type. */
function substituteVariables(value: unknown, variables: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    const whole = WHOLE_VAR.exec(value);
    if (whole) return lookup(variables, whole[1] as string);
    return value.replace(PART_VAR, (_, name: string) => String(lookup(variables, name)));
  }
  if (Array.isArray(value)) return value.map((v) => substituteVariables(v, variables));
  if (value && typeof value === "object") {
    // Variable declarations keep their own text (their defaults were read above).
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "variable" ? v : substituteVariables(v, variables)]));
  }
  return value;
}

function lookup(variables: Record<string, unknown>, name: string): unknown {
  if (!(name in variables)) throw new JobSpecError(`the job refers to var.${name}, which it does not declare`);
  return variables[name];
}

/**
 * Fills Nomad's runtime interpolations `${NAME}` from `env` (NOMAD_* variables), as Nomad does
 * for `env`, `config` and template destinations.
 * @throws JobSpecError naming an interpolation `env` does not hold (e.g. `${node.class}`).
 */
export function interpolateRuntime(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) throw new JobSpecError(`cannot interpolate \${${name}}: the rehearsal does not provide it`);
    return value;
  });
}

/** Parses a Nomad duration ("15s", "5m", "1h30m", "250ms") to milliseconds. @throws JobSpecError on another form. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = text.trim();
  if (rest === "") throw new JobSpecError(`not a duration: ${JSON.stringify(text)}`);
  while (rest !== "") {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) throw new JobSpecError(`not a duration: ${JSON.stringify(text)}`);
    total += Number(m[1]) * (units[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  return total;
}

function arr(value: unknown): Block[] {
  return Array.isArray(value) ? (value as Block[]) : value && typeof value === "object" ? [value as Block] : [];
}
function blocks(value: unknown): Record<string, Block[]>[] {
  return arr(value) as unknown as Record<string, Block[]>[];
}
function first(value: unknown): Block | undefined {
  return arr(value)[0];
}
function str(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
