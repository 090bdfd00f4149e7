import { describe, expect, test } from "bun:test";
import { durationMs, interpolateRuntime, JobSpecError, readJobSpec } from "./job-spec.ts";

const JOB = `
variable "n" {
  type    = number
  default = 2
}
variable "url" {
  type = string
}
variable "dcs" {
  type    = list(string)
  default = ["dc1"]
}
job "j" {
  datacenters = var.dcs
  group "g" {
    count = var.n
    network {
      port "http" {}
      port "fixed" {
        static = 4222
      }
    }
    task "t" {
      driver = "exec"
      config {
        command = "local/bin"
        args    = ["serve", "--url", var.url]
      }
      env {
        PORT = "\${NOMAD_PORT_http}"
        SUM  = "sha256:\${var.url}"
      }
      kill_timeout = "15s"
    }
  }
}
`;

describe("readJobSpec", () => {
  test("resolves variables: defaults, var-file, --var (typed), in whole and partial strings; keeps runtime interpolations", async () => {
    const spec = await readJobSpec("j.hcl", JOB, { varFileText: 'url = "from-file"', vars: { n: "3" } });
    const [group] = spec.groups;
    expect(spec.id).toBe("j");
    expect(group?.count).toBe(3);
    expect(group?.ports).toEqual([{ label: "fixed", static: 4222 }, { label: "http" }]); // hcl2json orders blocks by label
    expect(group?.tasks[0]?.args).toEqual(["serve", "--url", "from-file"]);
    expect(group?.tasks[0]?.env).toEqual({ PORT: "${NOMAD_PORT_http}", SUM: "sha256:from-file" });
    expect(group?.tasks[0]?.killTimeout).toBe("15s");
    expect(spec.variables.dcs).toEqual(["dc1"]);
  });

  test("refuses a missing required variable, an undeclared one, a non-number, and a file without one job", async () => {
    await expect(readJobSpec("j.hcl", JOB)).rejects.toThrow(/variable "url" has no default/);
    await expect(readJobSpec("j.hcl", JOB, { vars: { url: "x", nope: "1" } })).rejects.toThrow(JobSpecError);
    await expect(readJobSpec("j.hcl", JOB, { varFileText: "nope = 1\nurl = \"x\"" })).rejects.toThrow(/does not declare/);
    await expect(readJobSpec("j.hcl", JOB, { vars: { url: "x", n: "two" } })).rejects.toThrow(/must be a number/);
    await expect(readJobSpec("j.hcl", 'variable "x" {\n  default = 1\n}')).rejects.toThrow(/exactly one job/);
    await expect(readJobSpec("j.hcl", "job {{{")).rejects.toThrow(/not valid HCL/);
  });
});

describe("durationMs and interpolateRuntime", () => {
  test("Nomad durations", () => {
    expect(durationMs("15s")).toBe(15_000);
    expect(durationMs("1h30m")).toBe(5_400_000);
    expect(durationMs("250ms")).toBe(250);
    expect(() => durationMs("soon")).toThrow(JobSpecError);
  });

  test("fills ${NAME} from the environment and names what it cannot fill", () => {
    expect(interpolateRuntime("${NOMAD_ALLOC_DIR}/data", { NOMAD_ALLOC_DIR: "/a" })).toBe("/a/data");
    expect(() => interpolateRuntime("${node.class}", {})).toThrow(/node\.class/);
  });
});
