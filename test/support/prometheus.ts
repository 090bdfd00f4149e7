/**
 * Prometheus for tests: `promtool` and a real `prometheus` server (Debian's `prometheus`
 * package, installed by .ci/run). Without the binaries, suites skip with a message, and fail
 * under CI=true.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./nats.ts";

/** Time a Prometheus server gets to become ready on a busy two-core machine, milliseconds. */
export const PROMETHEUS_START_TIMEOUT_MS = 30_000;

/** Whether promtool and prometheus can be used, and why not. */
export interface PrometheusCheck {
  readonly available: boolean;
  /** True under CI=true when unavailable: the guard test must fail. */
  readonly mustFail: boolean;
  readonly reason: string;
  readonly promtool?: string;
  readonly prometheus?: string;
}

/** Looks for `promtool` and `prometheus` on PATH. */
export function checkPrometheus(env: Record<string, string | undefined> = process.env): PrometheusCheck {
  const promtool = Bun.which("promtool") ?? undefined;
  const prometheus = Bun.which("prometheus") ?? undefined;
  const available = promtool !== undefined && prometheus !== undefined;
  const reason = available
    ? ""
    : "promtool/prometheus not on PATH (apt-get install -y prometheus); " +
      (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the Prometheus tests");
  return { available, mustFail: !available && env.CI === "true", reason, promtool, prometheus };
}

/** Output of one promtool run. */
export interface PromtoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `promtool args…` in `cwd`, with `stdin` piped in when given. */
export async function promtool(args: readonly string[], options: { cwd?: string; stdin?: string } = {}): Promise<PromtoolResult> {
  const proc = Bun.spawn(["promtool", ...args], {
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { code, stdout, stderr };
}

/** A Prometheus server this test started. */
export interface TestPrometheus {
  readonly url: string;
  /** Runs an instant query; resolves with the result vector. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** The scrape targets' health as Prometheus reports it. */
  targets(): Promise<Array<{ health: string; scrapeUrl: string; lastError: string }>>;
  /** Its log output so far (for failure messages). */
  logs(): string;
  /** Stops it and removes its storage. */
  stop(): Promise<void>;
}

/**
 * Starts `prometheus` with `config` (YAML text) on a free port, storage in a temp directory;
 * resolves once `/-/ready` answers 200.
 * @throws Error with its log when it is not ready within {@link PROMETHEUS_START_TIMEOUT_MS}.
 */
export async function startPrometheus(config: string): Promise<TestPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), "navigator-prometheus-"));
  await writeFile(join(dir, "prometheus.yml"), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = Bun.spawn(
    ["prometheus", `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  let log = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) log += new TextDecoder().decode(chunk);
  };
  void collect(proc.stdout);
  void collect(proc.stderr);
  const stop = async () => {
    proc.kill("SIGTERM");
    await proc.exited;
    await rm(dir, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + PROMETHEUS_START_TIMEOUT_MS; ; await Bun.sleep(200)) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready (exit ${proc.exitCode}):\n${log.slice(-3000)}`);
    }
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> }; error?: string };
      if (body.status !== "success") throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data?.result ?? [];
    },
    async targets() {
      const body = (await (await fetch(`${url}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string; scrapeUrl: string; lastError: string }> } };
      return body.data.activeTargets;
    },
    logs: () => log,
    stop,
  };
}
