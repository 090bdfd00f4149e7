/**
 * What every Navigator job file must do, checked on its parsed form (see job-spec.ts): rules an
 * operator relies on and a syntax check alone would not catch. Used by the deploy/nomad policy
 * test and printed by `navigator rehearse` before it starts anything.
 */
import { durationMs, type JobSpec, type TaskSpec } from "./job-spec.ts";

/** Environment variables that hold secrets: only ever rendered from Nomad Variables into NOMAD_SECRETS_DIR. */
export const SECRET_VARIABLES = [
  "JWT_SECRET",
  "DATABASE_URL",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_SESSION_TOKEN",
  "OPENAI_API_KEY",
  "LLAMA_CLOUD_API_KEY",
  "BLOB_ENCRYPTION_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
] as const;

/**
 * Time a node takes beyond SHUTDOWN_TIMEOUT_MS before it exits on its own (cli/cluster/protocol.ts
 * SHUTDOWN_GRACE_MS, repeated here so this module reads no process code), milliseconds.
 */
export const NODE_SHUTDOWN_GRACE_MS = 2_000;

/** Names of the variables documented in README.md's configuration table (backticked upper-case names in a row's first cell). */
export function documentedVariables(readme: string): Set<string> {
  const names = new Set<string>();
  for (const line of readme.split("\n")) {
    const cell = /^\|([^|]*)\|/.exec(line)?.[1];
    if (!cell) continue;
    for (const m of cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1] as string);
  }
  return names;
}

/** Variable names a template renders as `NAME=` lines (the environment it gives with `env = true`). */
export function templateVariables(data: string): string[] {
  return [...data.matchAll(/(?:^|\}\}|\n)\s*([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1] as string);
}

/**
 * Every rule the job breaks, as human-readable lines naming the group and task (empty: none).
 * Service jobs: each group registers a Nomad-provider service with a check; the job or group
 * update has auto_revert. Every exec task downloads an artifact with a sha256 checksum. Secrets
 * never appear in `env` and are rendered only under NOMAD_SECRETS_DIR from `nomadVar`; no URL in
 * the file carries a password. Navigator tasks (command ending in `navigator`): environment
 * documented in the README, kill_timeout ≥ SHUTDOWN_TIMEOUT_MS + grace, `serve --roles <group>`,
 * a `/health/ready` check and a check_restart, a `metrics` port service when METRICS_PORT is set.
 */
export function policyViolations(spec: JobSpec, documented: ReadonlySet<string>, text: string): string[] {
  const problems: string[] = [];
  const add = (where: string, what: string) => problems.push(`${spec.file}: ${where}: ${what}`);
  const jobUpdate = spec.update ?? {};
  for (const url of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s/"@:]+:[^\s/"@]+@/gi)) add("file", `a URL carries a password (${url[0].replace(/:[^:@]+@$/, ":…@")})`);
  for (const group of spec.groups) {
    const services = [...group.services, ...group.tasks.flatMap((t) => t.services)];
    if (spec.type === "service") {
      if (!services.some((s) => s.provider === "nomad" && s.checks.length > 0)) add(`group ${group.name}`, "no service with provider \"nomad\" and a check");
      const update = { ...jobUpdate, ...(group.update ?? {}) };
      if (update.auto_revert !== true) add(`group ${group.name}`, "update.auto_revert is not true");
    }
    for (const task of group.tasks) {
      const where = `group ${group.name}, task ${task.name}`;
      if (task.driver === "exec" || task.driver === "raw_exec") {
        if (task.artifacts.length === 0) add(where, "runs a binary but downloads no artifact");
        for (const a of task.artifacts) if (!/^sha256:[0-9a-f${}._A-Za-z]+$/.test(a.options.checksum ?? "")) add(where, `artifact ${a.source} has no sha256 checksum`);
      }
      for (const name of SECRET_VARIABLES) if (name in task.env) add(where, `${name} is set in plain text in env (render it from a Nomad Variable)`);
      for (const tp of task.templates) {
        const rendered = templateVariables(tp.data ?? "");
        const secrets = rendered.filter((n) => (SECRET_VARIABLES as readonly string[]).includes(n));
        if (secrets.length > 0 && !tp.destination.startsWith("${NOMAD_SECRETS_DIR}/")) add(where, `template renders ${secrets.join(", ")} outside \${NOMAD_SECRETS_DIR}`);
        if (secrets.length > 0 && !(tp.data ?? "").includes("nomadVar")) add(where, `template renders ${secrets.join(", ")} from something other than nomadVar`);
      }
      if (isNavigatorTask(task)) navigatorRules(group.name, task, services, documented, (what) => add(where, what));
    }
  }
  return problems;
}

/** Whether the task runs the navigator binary. */
export function isNavigatorTask(task: TaskSpec): boolean {
  return /(^|\/)navigator$/.test(task.command ?? "");
}

function navigatorRules(
  group: string,
  task: TaskSpec,
  services: JobSpec["groups"][number]["services"],
  documented: ReadonlySet<string>,
  add: (what: string) => void,
): void {
  const rendered = task.templates.filter((t) => t.env).flatMap((t) => templateVariables(t.data ?? ""));
  for (const name of [...Object.keys(task.env), ...rendered]) if (!documented.has(name)) add(`sets ${name}, which README.md's configuration table does not document`);
  const shutdownMs = Number(task.env.SHUTDOWN_TIMEOUT_MS ?? 10_000);
  if (task.args[0] === "serve") {
    const killMs = task.killTimeout ? durationMs(task.killTimeout) : 5_000; // Nomad's default kill_timeout is 5 s
    if (killMs < shutdownMs + NODE_SHUTDOWN_GRACE_MS) add(`kill_timeout ${task.killTimeout ?? "5s (default)"} is shorter than SHUTDOWN_TIMEOUT_MS ${shutdownMs} ms + ${NODE_SHUTDOWN_GRACE_MS} ms grace`);
    const roles = task.args[task.args.indexOf("--roles") + 1];
    if (!task.args.includes("--roles") || roles !== group) add(`runs ${JSON.stringify(task.args.join(" "))}, expected "serve --roles ${group}"`);
    const checks = services.flatMap((s) => s.checks);
    if (!checks.some((c) => c.type === "http" && c.path === "/health/ready")) add("no http check on /health/ready");
    if (!checks.some((c) => c.checkRestart && (c.checkRestart.limit ?? 0) > 0)) add("no check with check_restart");
    if ("METRICS_PORT" in task.env && !services.some((s) => s.port === "metrics")) add("sets METRICS_PORT but registers no service on the metrics port");
    if (task.resources.memory === undefined) add("resources.memory is not set");
  }
}
