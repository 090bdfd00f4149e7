/**
 * deploy/observability checked with Prometheus's own tool and against the metrics Navigator
 * really exports: `promtool check config` (static scrape config; the Nomad one where the build
 * knows Nomad discovery), `promtool check rules`, `promtool test rules` (alert unit tests with
 * synthetic series), and every metric an alert or a dashboard panel queries exists in a freshly
 * created registry.
 */
import { describe, expect, test } from "bun:test";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createMetrics } from "../../app/telemetry/index.ts";
import { checkPrometheus, promtool } from "../support/prometheus.ts";

const DIR = join(import.meta.dir, "../../deploy/observability");
const prometheus = checkPrometheus();

/**
 * Metric names a PromQL expression selects: what is left of its identifiers once strings, label
 * matchers `{…}`, ranges `[…]`, grouping lists `by (…)`, function names and operators are removed.
 */
function selectedMetrics(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter((m) => !m[2] && !["and", "or", "unless", "bool", "offset"].includes(m[1]!))
    .map((m) => m[1]!);
}

/** Base names of every metric family a new registry renders (histogram/counter suffixes accepted). */
async function exportedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  const text = await metrics.render();
  const names = new Set<string>(["up"]);
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [name, type] = [m[1]!, m[2]!];
    names.add(name);
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(name + suffix);
  }
  return names;
}

test("Prometheus tools present (required when CI=true)", () => {
  if (prometheus.mustFail) throw new Error(prometheus.reason);
  if (!prometheus.available) console.warn(`[observability] skipping: ${prometheus.reason}`);
  expect(prometheus.available || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!prometheus.available)("promtool on deploy/observability", () => {
  test("promtool check config prometheus.yml (and its rule file)", async () => {
    const r = await promtool(["check", "config", "prometheus.yml"], { cwd: DIR });
    console.log(r.stdout.trim());
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain("9 rules found");
  });

  test("prometheus-nomad.yml: Nomad service discovery of the navigator-metrics service (promtool where the build has Nomad discovery)", async () => {
    const text = await readFile(join(DIR, "prometheus-nomad.yml"), "utf8");
    const config = Bun.YAML.parse(text) as { rule_files: string[]; scrape_configs: Array<Record<string, any>> };
    expect(config.rule_files).toEqual(["alerts.yml"]);
    const job = config.scrape_configs.find((c) => c.job_name === "navigator-nomad")!;
    expect(Object.keys(job.nomad_sd_configs[0]).sort()).toEqual(["namespace", "refresh_interval", "server"]);
    expect(job.relabel_configs[0]).toEqual({ source_labels: ["__meta_nomad_service"], regex: "navigator-metrics", action: "keep" });
    // The tag regex turns the job spec's "role=agent" tag into role="agent" (Prometheus anchors regexes; tags are joined and wrapped in ",").
    const tagRule = job.relabel_configs.find((r: { target_label?: string }) => r.target_label === "role");
    expect(",metrics,role=agent,".replace(new RegExp(`^${tagRule.regex}$`), tagRule.replacement.replace("$1", "$$1"))).toBe("agent");
    const r = await promtool(["check", "config", "prometheus-nomad.yml"], { cwd: DIR });
    if (r.code !== 0 && /field nomad_sd_configs not found/.test(r.stdout + r.stderr)) {
      console.warn("[observability] this promtool was built without Nomad discovery (Debian's); checked the file's shape only");
      // Everything but the discovery block must still be valid: check it with static targets in its place.
      const { nomad_sd_configs: _sd, ...rest } = job;
      const stripped = { ...config, scrape_configs: [{ ...rest, static_configs: [{ targets: ["127.0.0.1:9464"] }] }] };
      const s = await promtool(["check", "config", "--syntax-only", "/dev/stdin"], { cwd: DIR, stdin: JSON.stringify(stripped) });
      expect(s.code, s.stderr + s.stdout).toBe(0);
      return;
    }
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });

  test("promtool check rules alerts.yml", async () => {
    const r = await promtool(["check", "rules", "alerts.yml"], { cwd: DIR });
    console.log(r.stdout.trim());
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });

  test("promtool test rules alerts.test.yml: every alert fires on its synthetic series", async () => {
    const r = await promtool(["test", "rules", "alerts.test.yml"], { cwd: DIR });
    console.log(r.stdout.trim());
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const tests = await readFile(join(DIR, "alerts.test.yml"), "utf8");
    const alerts = Bun.YAML.parse(await readFile(join(DIR, "alerts.yml"), "utf8")) as { groups: Array<{ rules: Array<{ alert: string }> }> };
    for (const rule of alerts.groups.flatMap((g) => g.rules)) expect(tests).toContain(`alertname: ${rule.alert}`);
  });
});

describe("alerts and dashboards query metrics Navigator exports", () => {
  test("every alert has a runbook and a runbook_url into RUNBOOK.md, and queries exported metrics", async () => {
    const names = await exportedNames();
    const runbook = await readFile(join(DIR, "RUNBOOK.md"), "utf8");
    const alerts = Bun.YAML.parse(await readFile(join(DIR, "alerts.yml"), "utf8")) as {
      groups: Array<{ rules: Array<{ alert: string; expr: string; annotations: Record<string, string> }> }>;
    };
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert).sort()).toEqual([
      "NavigatorChatSlow",
      "NavigatorDatabasePoolExhausted",
      "NavigatorDeadLetters",
      "NavigatorDown",
      "NavigatorHighErrorRate",
      "NavigatorIngestionBacklogStale",
      "NavigatorIngestionFailing",
      "NavigatorMemoryHigh",
      "NavigatorNatsDisconnected",
    ]);
    for (const rule of rules) {
      expect(rule.annotations.runbook?.length ?? 0).toBeGreaterThan(20);
      expect(rule.annotations.runbook_url).toBe(`deploy/observability/RUNBOOK.md#${rule.alert.toLowerCase()}`);
      expect(runbook).toContain(`## ${rule.alert}\n`);
      const used = selectedMetrics(rule.expr);
      expect(used.length).toBeGreaterThan(0);
      for (const name of used) expect(names.has(name), `${rule.alert} queries ${name}, which Navigator does not export`).toBe(true);
    }
  });

  test("four dashboards (API, chat pipeline, ingestion, runtime); every panel queries exported metrics", async () => {
    const names = await exportedNames();
    const files = (await readdir(join(DIR, "dashboards"))).filter((f) => f.endsWith(".json")).sort();
    expect(files).toEqual(["api.json", "chat.json", "ingestion.json", "runtime.json"]);
    for (const file of files) {
      const dashboard = JSON.parse(await readFile(join(DIR, "dashboards", file), "utf8")) as {
        uid: string;
        title: string;
        panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
      };
      expect(dashboard.uid).toBe(`navigator-${file.replace(".json", "")}`);
      expect(dashboard.panels.length).toBeGreaterThanOrEqual(6);
      for (const panel of dashboard.panels) {
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const { expr } of panel.targets) {
          const used = selectedMetrics(expr);
          expect(used.length, `${file} "${panel.title}"`).toBeGreaterThan(0);
          for (const name of used) expect(names.has(name), `${file} "${panel.title}" queries ${name}, which Navigator does not export`).toBe(true);
        }
      }
    }
  });
});
