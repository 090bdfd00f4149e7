/**
 * The contract between `navigator serve` and whoever starts it (the cluster launcher, tests,
 * process supervisors): the ready line, and how long a stop may take.
 */

/**
 * `msg` of the one info line `navigator serve` logs when the node is ready: the database is
 * open, the node has joined the cluster and, with the api role, HTTP listens. Its other fields
 * are {@link NodeReady}; as a pino JSON line on stderr:
 * `{"level":30,"time":…,"pid":…,"nodeId":"api-0-3f2a","roles":["api"],"url":"http://127.0.0.1:8080","msg":"navigator node ready"}`.
 */
export const NODE_READY_MESSAGE = "navigator node ready";

/** Fields of the ready line. */
export interface NodeReady {
  /** The node's id (`NODE_ID` when set). */
  readonly nodeId: string;
  /** Its roles, in the order api, agent, ingest. */
  readonly roles: readonly string[];
  /** Base URL of the HTTP API, present exactly when the node has the api role. */
  readonly url?: string;
  /** URL of the `METRICS_PORT` listener's `/metrics`, present when `METRICS_PORT` is set. */
  readonly metricsUrl?: string;
}

/**
 * Time a stopping node gets beyond `SHUTDOWN_TIMEOUT_MS` before it gives up on a graceful close,
 * logs an error and exits with code 1, milliseconds.
 */
export const SHUTDOWN_GRACE_MS = 2_000;
