import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArtifactError, fetchArtifact, nomadEnvironment, startAllocation } from "./allocation.ts";
import { readJobSpec } from "./job-spec.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("fetchArtifact", () => {
  test("reads file:// and paths, and checks the checksum as go-getter does", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rehearse-art-"));
    dirs.push(dir);
    const bytes = new TextEncoder().encode("#!/bin/sh\necho hi\n");
    await Bun.write(join(dir, "tool"), bytes);
    expect(await fetchArtifact({ source: `file://${join(dir, "tool")}`, destination: "local/", options: { checksum: `sha256:${sha(bytes)}` } })).toEqual(bytes);
    await expect(fetchArtifact({ source: join(dir, "tool"), destination: "local/", options: { checksum: `sha256:${"0".repeat(64)}` } })).rejects.toThrow(/checksum mismatch/);
    await expect(fetchArtifact({ source: join(dir, "tool"), destination: "local/", options: {} })).rejects.toThrow(ArtifactError);
    await expect(fetchArtifact({ source: join(dir, "missing"), destination: "local/", options: { checksum: "sha256:00" } })).rejects.toThrow(/cannot fetch/);
  });
});

describe("startAllocation", () => {
  test("runs the task in its task directory with the NOMAD_* environment, the artifact unpacked and the env template rendered", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rehearse-alloc-"));
    dirs.push(dir);
    const script = new TextEncoder().encode('#!/bin/sh\necho "cwd=$(pwd) secret=$SECRET port=$PORT alloc=$NOMAD_ALLOC_DIR task=$NOMAD_TASK_DIR"\n');
    const stage = join(dir, "stage");
    await Bun.write(join(stage, "tool"), script);
    Bun.spawnSync(["chmod", "755", join(stage, "tool")]);
    Bun.spawnSync(["tar", "-C", stage, "-czf", join(dir, "tool.tar.gz"), "tool"]);
    const tarball = new Uint8Array(await Bun.file(join(dir, "tool.tar.gz")).arrayBuffer());
    const spec = await readJobSpec(
      "t.hcl",
      `job "j" {
  group "g" {
    network {
      port "http" {}
    }
    task "t" {
      driver = "exec"
      artifact {
        source = "file://${join(dir, "tool.tar.gz")}"
        options {
          checksum = "sha256:${sha(tarball)}"
        }
      }
      config {
        command = "local/tool"
      }
      template {
        destination = "\${NOMAD_SECRETS_DIR}/x.env"
        env         = true
        data        = "{{ with nomadVar \\"nomad/jobs/j\\" }}SECRET={{ .S }}{{ end }}"
      }
      env {
        PORT = "\${NOMAD_PORT_http}"
      }
    }
  }
}`,
    );
    const [group] = spec.groups;
    const lines: string[] = [];
    const alloc = await startAllocation({
      spec,
      group: group!,
      task: group!.tasks[0]!,
      index: 0,
      root: join(dir, "allocs"),
      variables: new Map([["nomad/jobs/j", { S: "hush" }]]),
      ports: { http: 12345 },
      fetchArtifact,
      onLog: (l) => lines.push(l),
    });
    expect(await alloc.exited).toBe(0);
    const taskDir = join(dir, "allocs", alloc.allocId, "t");
    expect(lines).toEqual([`[g-0 ${alloc.allocId.slice(0, 8)}] cwd=${taskDir} secret=hush port=12345 alloc=${join(dir, "allocs", alloc.allocId, "alloc")} task=${taskDir}/local`]);
    expect(alloc.env.NOMAD_ALLOC_NAME).toBe("j.g[0]");
    expect(alloc.env.NOMAD_ADDR_http).toBe("127.0.0.1:12345");
  });

  test("nomadEnvironment names directories, identity and ports as Nomad does", () => {
    const env = nomadEnvironment({
      spec: { file: "f", id: "navigator", type: "service", groups: [], variables: {} },
      group: { name: "api", count: 1, ports: [], services: [], tasks: [], spread: [] },
      task: { name: "navigator", driver: "exec", args: [], env: {}, templates: [], artifacts: [], services: [], resources: { cpu: 300, memory: 256, memory_max: 512 }, volumeMounts: [] },
      index: 2,
      root: "/r",
      variables: new Map(),
      ports: { http: 8080 },
      fetchArtifact,
      onLog: () => {},
      allocId: "0123456789abcdef",
      allocRoot: "/r/0123456789abcdef",
      taskDir: "/r/0123456789abcdef/navigator",
    });
    expect(env).toMatchObject({
      NOMAD_ALLOC_DIR: "/r/0123456789abcdef/alloc",
      NOMAD_TASK_DIR: "/r/0123456789abcdef/navigator/local",
      NOMAD_SECRETS_DIR: "/r/0123456789abcdef/navigator/secrets",
      NOMAD_SHORT_ALLOC_ID: "01234567",
      NOMAD_ALLOC_INDEX: "2",
      NOMAD_GROUP_NAME: "api",
      NOMAD_MEMORY_LIMIT: "256",
      NOMAD_MEMORY_MAX_LIMIT: "512",
      NOMAD_PORT_http: "8080",
      NOMAD_HOST_PORT_http: "8080",
      NOMAD_IP_http: "127.0.0.1",
    });
  });
});
