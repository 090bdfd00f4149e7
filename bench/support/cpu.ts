/**
 * CPU time for benches on a shared machine, where wall time depends on what else runs: this
 * process's threads (from /proc/self/task, grouped: the main thread, Bun Workers, JSC's JIT
 * compiler threads, everything else) and the PostgreSQL backends serving given databases (from
 * /proc/<pid>/stat of the pids `pg_stat_activity` lists; needs PostgreSQL on this host, else 0).
 * Linux only; elsewhere every figure is 0.
 */
import { readdir, readFile } from "node:fs/promises";
import type { Sql } from "postgres";

/** CPU seconds (user + system) at one instant, by part. */
export interface CpuSample {
  /** The thread running the bench's event loop. */
  readonly main: number;
  /** Bun Workers (the ingestion workers). */
  readonly workers: number;
  /** JavaScriptCore's JIT compiler threads (`JITWorker`). */
  readonly jit: number;
  /** Every other thread of this process (GC helpers, Bun's pool, …). */
  readonly other: number;
  /** PostgreSQL backends connected to the databases sampled. */
  readonly pg: number;
}

/** Linux clock ticks per second (`getconf CLK_TCK`; 100 on every common kernel build). */
export const CLOCK_TICKS_PER_S = 100;

/** utime + stime of a /proc stat line, seconds; 0 when unreadable. */
async function statSeconds(path: string): Promise<{ name: string; s: number }> {
  try {
    const line = await readFile(path, "utf8");
    const close = line.lastIndexOf(")");
    const fields = line.slice(close + 2).split(" ");
    return { name: line.slice(line.indexOf("(") + 1, close), s: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S };
  } catch {
    return { name: "", s: 0 };
  }
}

/**
 * Samples CPU time now. `pgAdmin` (any connection to the server) lists the backends of
 * `databases`; without it `pg` is 0. Subtract two samples with {@link cpuDelta}.
 */
export async function sampleCpu(pgAdmin?: Sql, databases: readonly string[] = []): Promise<CpuSample> {
  const parts = { main: 0, workers: 0, jit: 0, other: 0, pg: 0 };
  const tids = await readdir("/proc/self/task").catch(() => [] as string[]);
  for (const tid of tids) {
    const { name, s } = await statSeconds(`/proc/self/task/${tid}/stat`);
    if (tid === String(process.pid)) parts.main += s;
    else if (name.startsWith("Worker")) parts.workers += s;
    else if (name.startsWith("JITWorker")) parts.jit += s;
    else parts.other += s;
  }
  if (pgAdmin && databases.length > 0) {
    const rows = await pgAdmin<{ pid: number }[]>`select pid from pg_stat_activity where datname in ${pgAdmin(databases as string[])}`;
    for (const r of rows) parts.pg += (await statSeconds(`/proc/${r.pid}/stat`)).s;
  }
  return parts;
}

/** CPU seconds between two samples, by part, and their sum `total_cpu_s`. Backends that closed meanwhile are not counted. */
export function cpuDelta(a: CpuSample, b: CpuSample): Record<string, number> {
  const d = (k: keyof CpuSample) => Math.max(0, b[k] - a[k]);
  const parts = { main_cpu_s: d("main"), worker_cpu_s: d("workers"), jit_cpu_s: d("jit"), other_cpu_s: d("other"), pg_cpu_s: d("pg") };
  return { ...parts, total_cpu_s: Object.values(parts).reduce((x, y) => x + y, 0) };
}
