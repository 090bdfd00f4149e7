import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig, parseRoles, type NavigatorConfig } from "../../app/config.ts";
import { createNavigator, type Navigator } from "../../app/navigator.ts";
import { startTracing } from "../../app/telemetry/index.ts";
import type { Logger } from "../../runtime/index.ts";
import { NODE_READY_MESSAGE, SHUTDOWN_GRACE_MS } from "../cluster/protocol.ts";
import { createCliLogger } from "../logger.ts";

/** Usage of `navigator serve`. */
export const SERVE_USAGE = "usage: navigator serve [--roles api,agent,ingest] [--migrate]";

/**
 * `navigator serve [--roles api,agent,ingest]`: starts one node. `--roles` (else `ROLES`, else all
 * three) chooses what it does; a subset needs `NATS_URL`. HTTP listens only with the api role.
 *
 * Log contract (pino JSON on stderr): exactly one info line with `msg` {@link NODE_READY_MESSAGE}
 * and fields `{ nodeId, roles, url? }` once the node is ready (`url` with the api role only).
 * SIGTERM/SIGINT: logs "navigator node stopping", awaits `close({ timeoutMs: SHUTDOWN_TIMEOUT_MS })`,
 * logs "navigator node stopped" and exits 0; exits 1 after logging an error when close rejects or
 * has not finished `SHUTDOWN_GRACE_MS` after its deadline. A signal during start-up stops the node
 * as soon as it is built (no ready line then). Further signals while stopping are logged and ignored.
 * @returns 2 after printing the usage on bad arguments; undefined once the node runs (the process
 *   then lives until a signal).
 * @throws ConfigError on an invalid variable or `--roles` (before anything starts).
 */
export async function serve(argv: readonly string[] = []): Promise<number | undefined> {
  let roles: string | undefined;
  let migrateFlag: boolean | undefined;
  try {
    const { values } = parseArgs({ args: [...argv], options: { roles: { type: "string" }, migrate: { type: "boolean" } }, allowPositionals: false });
    roles = values.roles;
    migrateFlag = values.migrate;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${SERVE_USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env, {
    ...(roles === undefined ? {} : { roles: parseRoles(roles, "--roles") }),
    ...(migrateFlag ? { migrateOnStart: true } : {}),
  });
  const logger = createCliLogger(config.logLevel, { format: config.telemetry.logFormat, nodeId: config.nodeId });
  runNode(config, logger);
  return undefined;
}

/** Builds the node, reports it ready, and wires SIGTERM/SIGINT to a bounded graceful stop. */
function runNode(config: NavigatorConfig, logger: Logger): void {
  let stopping = false;
  // Trace ids are generated and propagated (HTTP → NATS → actors → JetStream); spans are exported
  // over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = startTracing(config.telemetry.tracing, config.nodeId);
  if (config.telemetry.tracing.otlpEndpoint) logger.info({ endpoint: config.telemetry.tracing.otlpEndpoint, sampler: config.telemetry.tracing.sampler }, "exporting traces over OTLP/HTTP");
  const started: Promise<Navigator> = createNavigator(config, { logger });
  const exit = (code: number) => process.exit(code);

  const start = async () => {
    const nav = await started;
    if (stopping) return;
    const url = config.roles.includes("api") ? (await nav.listen()).url : undefined;
    const health = await nav.listenHealth();
    if (health) logger.info({ url: health.url }, `health endpoints on ${health.url}/health/ready`);
    if (stopping) return;
    if (url) logger.info({ url, docs: `${url}/docs`, dataDir: config.dataDir, database: nav.database.kind }, `Navigator listening on ${url}`);
    const metricsUrl = nav.metricsPort === undefined ? undefined : `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${nav.metricsPort}/metrics`;
    logger.info({ nodeId: nav.system.nodeId, roles: config.roles, ...(url ? { url } : {}), ...(metricsUrl ? { metricsUrl } : {}) }, NODE_READY_MESSAGE);
  };
  start().catch((error: unknown) => {
    if (stopping) return;
    logger.error({ err: error }, "navigator node failed to start");
    // Also say it plainly and synchronously: pino's buffered line may not reach a pipe before exit.
    writeSync(2, `navigator serve: ${(error as Error)?.message ?? String(error)}\n`);
    exit(1);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "navigator node already stopping; signal ignored");
      return;
    }
    stopping = true;
    const timeoutMs = config.shutdownTimeoutMs;
    logger.info({ signal, timeoutMs }, "navigator node stopping");
    const hardStop = setTimeout(() => {
      logger.error({ timeoutMs, graceMs: SHUTDOWN_GRACE_MS }, "navigator node did not stop in time; exiting");
      exit(1);
    }, timeoutMs + SHUTDOWN_GRACE_MS);
    started
      .then((nav) => nav.close({ timeoutMs }))
      .then(() => tracing.shutdown().catch((error: unknown) => logger.warn({ err: String(error) }, "trace export failed at shutdown")))
      .then(
        () => {
          clearTimeout(hardStop);
          logger.info({ signal }, "navigator node stopped");
          exit(0);
        },
        (error: unknown) => {
          clearTimeout(hardStop);
          logger.error({ err: error }, "navigator node failed to stop cleanly");
          exit(1);
        },
      );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
