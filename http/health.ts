/**
 * Health endpoints. `GET /health` is the human summary (database kind, mode, NATS, roles, …;
 * 503 when the database does not answer or NATS is reconnecting). For orchestrators (Nomad
 * checks, load balancers): `GET /health/live` answers 200 whenever the process can answer HTTP,
 * touching no dependency, so only a wedged process fails it (restart it); `GET /health/ready`
 * answers 200 only when this node can do its work — the database answers, its migrations are
 * current, NATS is connected (cluster), the blob store is reachable, and the node is not stopping
 * — and 503 naming the failing parts otherwise (take it out of rotation; do not restart it).
 * Ready turns 503 the moment a stop begins (SIGTERM), before anything drains.
 */
import { Elysia } from "elysia";

/** Longest one readiness probe may take before it counts as failing, milliseconds. */
export const READINESS_PROBE_TIMEOUT_MS = 2_000;

/** The parts `/health/ready` checks, in the order it reports them. */
export const READINESS_PARTS = ["database", "migrations", "nats", "blob_store", "shutdown"] as const;
/** One of {@link READINESS_PARTS}. */
export type ReadinessPart = (typeof READINESS_PARTS)[number];

/** What readiness asks the process; each probe throws (or rejects) to fail. */
export interface ReadinessProbes {
  /** `select 1`. */
  database(): Promise<void>;
  /** Migrations not yet applied (0 = current). */
  pendingMigrations(): Promise<number>;
  /** `embedded` (no NATS configured), `connected`, `reconnecting` or `closed`. */
  nats(): string;
  /** Reaches the blob store (BlobStore.ping). */
  blobStore(): Promise<void>;
  /** Whether a stop has begun. */
  stopping(): boolean;
}

/** Outcome of {@link checkReadiness}: each part `ok` (or `embedded` for NATS) or why it fails. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Record<ReadinessPart, string>;
  /** The failing parts, in {@link READINESS_PARTS} order. */
  readonly failing: readonly ReadinessPart[];
}

/**
 * Runs every probe at once, each bounded by `timeoutMs` (default {@link READINESS_PROBE_TIMEOUT_MS}).
 * Never rejects: a probe's error is reported as its part's failure.
 */
export async function checkReadiness(probes: ReadinessProbes, timeoutMs = READINESS_PROBE_TIMEOUT_MS): Promise<Readiness> {
  const bounded = async (fn: () => Promise<string>): Promise<string> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([fn(), new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs)))]);
    } catch (error) {
      return String((error as Error).message ?? error);
    } finally {
      clearTimeout(timer);
    }
  };
  const [database, migrations, blobStore] = await Promise.all([
    bounded(async () => (await probes.database(), "ok")),
    bounded(async () => {
      const pending = await probes.pendingMigrations();
      return pending === 0 ? "ok" : `${pending} migration(s) pending: run navigator migrate`;
    }),
    bounded(async () => (await probes.blobStore(), "ok")),
  ]);
  const nats = probes.nats();
  const checks: Record<ReadinessPart, string> = {
    database,
    migrations,
    nats: nats === "connected" || nats === "embedded" ? (nats === "connected" ? "ok" : "embedded") : nats,
    blob_store: blobStore,
    shutdown: probes.stopping() ? "stopping" : "ok",
  };
  const failing = READINESS_PARTS.filter((part) => checks[part] !== "ok" && checks[part] !== "embedded");
  return { ready: failing.length === 0, checks, failing };
}

/** What the health routes need. */
export interface HealthRouteDeps {
  /** The `/health` summary (throws when the database does not answer). */
  readonly summary: () => Promise<Record<string, unknown>>;
  readonly readiness: () => Promise<Readiness>;
  /** Fields of every `/health/live` and `/health/ready` answer (node id, uptime). */
  readonly identity: () => Record<string, unknown>;
  readonly version: string;
}

/** `/health`, `/health/live`, `/health/ready` as an Elysia plugin (also served alone on HEALTH_PORT). */
export function healthRoutes(deps: HealthRouteDeps) {
  return new Elysia({ name: "health" })
    .get(
      "/health",
      async ({ set }) => {
        const report = await deps.summary().catch((error: unknown) => ({ status: "down", error: String(error) }));
        if (report.status !== "ok") set.status = 503;
        return { version: deps.version, ...report };
      },
      { detail: { summary: "Health summary for people", tags: ["operations"] } },
    )
    .get("/health/live", () => ({ status: "ok", version: deps.version, ...deps.identity() }), {
      detail: { summary: "Liveness: the process answers (no dependency is touched)", tags: ["operations"] },
    })
    .get(
      "/health/ready",
      async ({ set }) => {
        const r = await deps.readiness();
        if (r.ready) return { status: "ready", version: deps.version, ...deps.identity(), checks: r.checks };
        set.status = 503;
        return {
          status: "not_ready",
          code: "not_ready",
          message: `not ready: ${r.failing.map((part) => `${part} (${r.checks[part]})`).join(", ")}`,
          failing: r.failing,
          version: deps.version,
          ...deps.identity(),
          checks: r.checks,
        };
      },
      { detail: { summary: "Readiness: database, migrations, NATS, blob store, not stopping (503 names the failing parts)", tags: ["operations"] } },
    );
}
