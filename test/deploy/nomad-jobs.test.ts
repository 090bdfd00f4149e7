/**
 * deploy/nomad without a Nomad binary (none installs from the registries reachable here): every
 * HCL file parses with HashiCorp's parser (@cdktf/hcl2json), the job files satisfy the policy of
 * cli/rehearse/policy.ts, and HashiCorp's formatter `hclfmt` (deploy/install-hclfmt.sh) leaves
 * every file unchanged. Without hclfmt the formatting test is skipped with a message (a failure
 * under CI=true).
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseHcl, readJobSpec } from "../../cli/rehearse/job-spec.ts";
import { documentedVariables, policyViolations } from "../../cli/rehearse/policy.ts";

const ROOT = join(import.meta.dir, "../..");
const NOMAD_DIR = join(ROOT, "deploy/nomad");
const HCL_FILES = readdirSync(NOMAD_DIR).filter((f) => f.endsWith(".hcl")).sort();
const JOB_FILES = HCL_FILES.filter((f) => f.endsWith(".nomad.hcl"));
/** Values for variables without a default, so every job file can be read. */
const REQUIRED_VARS = { artifact_url: "https://releases.example.com/navigator.tar.gz", artifact_sha256: "a".repeat(64), nats_url: "nats://10.0.0.10:4222", nats_sha256: "b".repeat(64) };

const read = (file: string) => Bun.file(join(NOMAD_DIR, file)).text();
const documented = documentedVariables(await Bun.file(join(ROOT, "README.md")).text());

async function jobSpec(file: string, text?: string) {
  const source = text ?? (await read(file));
  const json = await parseHcl(file, source);
  const declared = Object.keys((json.variable ?? {}) as object);
  const vars = Object.fromEntries(Object.entries(REQUIRED_VARS).filter(([k]) => declared.includes(k)));
  return { spec: await readJobSpec(file, source, { vars }), text: source };
}

describe("deploy/nomad job files", () => {
  test("the directory holds the three jobs, the variables examples and the ACL policy", () => {
    expect(JOB_FILES).toEqual(["migrate.nomad.hcl", "nats.nomad.hcl", "navigator.nomad.hcl"]);
    expect(HCL_FILES).toContain("navigator-variables.policy.hcl");
    expect(HCL_FILES).toContain("variables.example.nv.hcl");
    expect(HCL_FILES).toContain("navigator.example.vars.hcl");
  });

  test.each(HCL_FILES)("%s parses as HCL", async (file) => {
    expect(await parseHcl(file, await read(file))).toBeObject();
  });

  test.each(JOB_FILES)("%s satisfies the policy", async (file) => {
    const { spec, text } = await jobSpec(file);
    expect(policyViolations(spec, documented, text)).toEqual([]);
  });

  test("navigator.nomad.hcl: groups api, agent, ingest with counts from variables, canaries, secrets from the job's Nomad Variable", async () => {
    const { spec } = await jobSpec("navigator.nomad.hcl");
    expect(spec.type).toBe("service");
    expect(spec.groups.map((g) => g.name).sort()).toEqual(["agent", "api", "ingest"]);
    const { nats_sha256: _, ...navigatorVars } = REQUIRED_VARS;
    const counted = await readJobSpec("navigator.nomad.hcl", await read("navigator.nomad.hcl"), { vars: { ...navigatorVars, api_count: "3", agent_count: "4", ingest_count: "5" } });
    expect(Object.fromEntries(counted.groups.map((g) => [g.name, g.count]))).toEqual({ api: 3, agent: 4, ingest: 5 });
    expect(spec.update).toMatchObject({ canary: 1, auto_promote: true, auto_revert: true });
    for (const group of spec.groups) {
      const [task] = group.tasks;
      expect(task?.templates[0]?.data).toContain('nomadVar "nomad/jobs/navigator"');
      expect(task?.templates[0]?.env).toBe(true);
      expect(task?.env.METRICS_PORT).toBe("${NOMAD_PORT_metrics}");
      expect(group.spread.length).toBe(1);
      expect(group.restart).toBeDefined();
      expect(group.reschedule).toBeDefined();
    }
  });

  test("migrate.nomad.hcl is a batch job running `navigator migrate`", async () => {
    const { spec } = await jobSpec("migrate.nomad.hcl");
    expect(spec.type).toBe("batch");
    expect(spec.groups.flatMap((g) => g.tasks.map((t) => [t.command, ...t.args]))).toEqual([["local/navigator", "migrate"]]);
  });

  test("the policy catches what it should (a missing checksum, a plain-text secret, an undocumented variable, a short kill_timeout)", async () => {
    const text = await read("navigator.nomad.hcl");
    const broken = text
      .replace('checksum = "sha256:${var.artifact_sha256}"', 'checksum = ""')
      .replace('SHUTDOWN_TIMEOUT_MS = "10000"', 'SHUTDOWN_TIMEOUT_MS = "10000"\n        OPENAI_API_KEY = "sk-live"\n        NOT_A_SETTING = "1"')
      .replace('kill_timeout   = "15s"', 'kill_timeout   = "5s"')
      .replace('auto_revert       = true', 'auto_revert       = false');
    const { spec } = await jobSpec("navigator.nomad.hcl", broken);
    const problems = policyViolations(spec, documented, broken).join("\n");
    expect(problems).toContain("has no sha256 checksum");
    expect(problems).toContain("OPENAI_API_KEY is set in plain text");
    expect(problems).toContain("sets NOT_A_SETTING, which README.md");
    expect(problems).toContain("kill_timeout 5s is shorter");
    expect(problems).toContain("auto_revert is not true");
    expect(policyViolations(spec, documented, 'x = "postgres://nav:hunter2@db/x"')).toContain("navigator.nomad.hcl: file: a URL carries a password (postgres://nav:…@)");
  });
});

const HCLFMT = process.env.HCLFMT ?? Bun.which("hclfmt") ?? Bun.which("hclfmt", { PATH: "/usr/local/bin:/usr/bin" }) ?? undefined;
const hclfmtReason = HCLFMT ? "" : `hclfmt not found (run deploy/install-hclfmt.sh); ${process.env.CI === "true" ? "CI=true, so this is a failure" : "skipping the formatting check"}`;

describe.skipIf(!HCLFMT)("deploy/nomad formatting (hclfmt)", () => {
  test.each(HCL_FILES)("%s is formatted", (file) => {
    const proc = Bun.spawnSync([HCLFMT as string, "-require-no-change", join(NOMAD_DIR, file)], { stdout: "pipe", stderr: "pipe" });
    expect({ code: proc.exitCode, stderr: proc.stderr.toString() }).toEqual({ code: 0, stderr: "" });
  });

  test("hclfmt reports a badly formatted file", async () => {
    const bad = join(await Bun.$`mktemp -d`.text().then((s) => s.trim()), "bad.hcl");
    await Bun.write(bad, 'job "x" {\n  type="service"\n     count = 1\n}\n');
    const proc = Bun.spawnSync([HCLFMT as string, "-require-no-change", bad], { stdout: "pipe", stderr: "pipe" });
    expect(proc.exitCode).not.toBe(0);
  });
});

test.if(!HCLFMT)("hclfmt is available", () => {
  console.warn(`[deploy/nomad] ${hclfmtReason}`);
  if (process.env.CI === "true") throw new Error(hclfmtReason);
});
