import { parseArgs } from "node:util";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { documentedVariables, policyViolations, readJobSpec, startRehearsal } from "../rehearse/index.ts";

/** Usage of `navigator rehearse`. */
export const REHEARSE_USAGE = `usage: navigator rehearse JOB.nomad.hcl [--var-file FILE] [--var NAME=VALUE]... [--variables FILE.nv.hcl]...
                          [--counts api=1,agent=1,ingest=1] [--migrate-job FILE | --no-migrate] [--check]
  Runs the job locally as Nomad would (migrate job first, then each group's task × count as processes,
  templates rendered from the Nomad Variable files, NOMAD_* set), waits until every service check passes,
  prints the checks, and stops everything on Ctrl-C. --check: stop as soon as every check passed.`;

/**
 * `navigator rehearse JOB.nomad.hcl …`: see {@link REHEARSE_USAGE} and cli/rehearse/rehearsal.ts.
 * Prints policy problems of the job (cli/rehearse/policy.ts) as warnings, each step, and every
 * check's outcome; task output goes to stderr prefixed `[<group>-<index> <alloc>]`.
 * @returns 0 when every check passed (and, after the stop, every task exited 0); 1 when the
 *   rehearsal failed; 2 on bad arguments.
 */
export async function rehearseCommand(argv: readonly string[]): Promise<number> {
  const out = (line: string) => void process.stdout.write(`${line}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        "var-file": { type: "string" },
        var: { type: "string", multiple: true },
        variables: { type: "string", multiple: true },
        counts: { type: "string" },
        "migrate-job": { type: "string" },
        "no-migrate": { type: "boolean" },
        check: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (parsed.values.help) {
      out(REHEARSE_USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1) throw new Error("give exactly one job file");
  } catch (error) {
    process.stderr.write(`navigator rehearse: ${(error as Error).message}\n${REHEARSE_USAGE}\n`);
    return 2;
  }
  const { values } = parsed;
  const jobFile = parsed.positionals[0] as string;
  let vars: Record<string, string>;
  let counts: Record<string, number> | undefined;
  try {
    vars = Object.fromEntries((values.var ?? []).map((pair) => splitPair(pair, "--var")));
    counts = values.counts === undefined ? undefined : parseCounts(values.counts);
  } catch (error) {
    process.stderr.write(`navigator rehearse: ${(error as Error).message}\n${REHEARSE_USAGE}\n`);
    return 2;
  }

  const varFileText = values["var-file"] ? await readFile(values["var-file"], "utf8") : undefined;
  const spec = await readJobSpec(jobFile, await readFile(jobFile, "utf8"), { varFileText, vars });
  const readme = await readFile(join(import.meta.dir, "../../README.md"), "utf8").catch(() => "");
  for (const problem of policyViolations(spec, documentedVariables(readme), await readFile(jobFile, "utf8"))) out(`warning: ${problem}`);

  const rehearsal = await startRehearsal({
    jobFile,
    varFile: values["var-file"],
    vars,
    counts,
    variablesFiles: values.variables ?? [],
    migrateJobFile: values["no-migrate"] ? null : values["migrate-job"],
    onEvent: (line) => out(`rehearse: ${line}`),
    onLog: (line) => void process.stderr.write(`${line}\n`),
  });
  out(`rehearse: all ${rehearsal.allocations.length} allocation(s) healthy${rehearsal.apiUrls.length ? `; API at ${rehearsal.apiUrls.join(", ")}` : ""}`);
  if (!values.check) {
    out("rehearse: Ctrl-C stops every allocation (shutdown_delay, SIGTERM, kill_timeout)");
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
  }
  const codes = await rehearsal.stop();
  out(`rehearse: stopped (${codes.map((c) => `${c.allocation}=${c.code}`).join(" ")})`);
  return codes.every((c) => c.code === 0) ? 0 : 1;
}

function splitPair(pair: string, flag: string): [string, string] {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw new Error(`${flag} ${JSON.stringify(pair)}: expected NAME=VALUE`);
  return [pair.slice(0, eq), pair.slice(eq + 1)];
}

/** `api=1,agent=2` → `{ api: 1, agent: 2 }`. @throws Error on another form. */
export function parseCounts(text: string): Record<string, number> {
  return Object.fromEntries(
    text.split(",").map((part) => {
      const [name, raw] = splitPair(part.trim(), "--counts");
      if (!/^\d+$/.test(raw) || Number(raw) > 32) throw new Error(`--counts ${name}=${raw}: a count is an integer from 0 to 32`);
      return [name, Number(raw)];
    }),
  );
}
