/**
 * One node of a local cluster: a `navigator serve --roles …` child process whose output is read
 * line by line, prefixed, kept (the last {@link NODE_LOG_TAIL_LINES}) and handed on, and which is
 * ready once it logs {@link NODE_READY_MESSAGE}.
 */
import { NavigatorError } from "../../runtime/index.ts";
import { fileURLToPath } from "node:url";
import type { Role } from "../../app/config.ts";
import { nodePrefix, parseReadyLine, prefixLogLine, readLines } from "./log-lines.ts";
import { NODE_READY_MESSAGE, type NodeReady } from "./protocol.ts";

/** Absolute path of the CLI entry point the children run. */
export const CLI_MAIN_PATH = fileURLToPath(new URL("../main.ts", import.meta.url));
/** Prefixed lines each node keeps for `logs()` and error messages. */
export const NODE_LOG_TAIL_LINES = 200;
/** Log lines quoted in the message of a {@link NodeStartError}. */
export const NODE_ERROR_QUOTED_LINES = 30;

/** A running node of a cluster. */
export interface ClusterNode {
  /** The role it was started with (`--roles <role>`). */
  readonly role: Role;
  /** Position among the nodes of its role, from 0. */
  readonly index: number;
  /** `NODE_ID` it was given: `<role>-<index>-<4 hex>`. */
  readonly nodeId: string;
  readonly pid: number;
  /** Base URL of its HTTP API (api nodes, once ready). */
  readonly url?: string;
  /** URL of its `/metrics` on `METRICS_PORT` (once ready, when the port is set). */
  readonly metricsUrl?: string;
  /** Resolves with the exit code (128 + signal number when killed by a signal) once the process ended and its output was read. */
  readonly exited: Promise<number>;
  /** Sends `signal` (default SIGTERM) to the process; does nothing once it has exited. */
  kill(signal?: NodeJS.Signals | number): void;
  /** The last {@link NODE_LOG_TAIL_LINES} prefixed lines of its stdout and stderr, oldest first. */
  logs(): string[];
}

/** A node did not become ready: it exited, timed out, was aborted, or reported another node id. */
export class NodeStartError extends NavigatorError {
  readonly code = "node_start_failed";
  constructor(
    /** `<role>-<index>`. */
    readonly node: string,
    readonly nodeId: string,
    reason: string,
    /** Its last prefixed log lines. */
    readonly logs: readonly string[],
  ) {
    const quoted = logs.slice(-NODE_ERROR_QUOTED_LINES);
    super(`node ${node} (${nodeId}) ${reason}${quoted.length ? `; last log lines:\n${quoted.join("\n")}` : "; it logged nothing"}`);
  }
}

/** What {@link spawnNode} starts. */
export interface NodeSpec {
  readonly role: Role;
  readonly index: number;
  readonly nodeId: string;
  /** Roles passed to `--roles`; default `[role]`. */
  readonly roles?: readonly Role[];
  /** Complete environment of the child. */
  readonly env: Record<string, string | undefined>;
  /** Receives every prefixed line. */
  readonly onLog: (line: string) => void;
  /** How long to wait for the ready line, milliseconds. */
  readonly readyTimeoutMs: number;
  /** Aborting before the node is ready rejects `ready` (the caller stops the process). */
  readonly signal?: AbortSignal;
}

/** A spawned node and its readiness. */
export interface SpawnedNode {
  readonly node: ClusterNode;
  /**
   * Resolves with the ready line's fields once the node logged it.
   * @throws NodeStartError when the process exits first, `readyTimeoutMs` elapses, `signal`
   *   aborts, or the ready line names a node id other than `spec.nodeId` (NODE_ID not honoured)
 *   or has a `url` exactly when the node lacks the api role.
   *   The process is left as it is: stop it with `kill`.
   */
  readonly ready: Promise<NodeReady>;
}

/** Spawns `[process.execPath, CLI_MAIN_PATH, "serve", "--roles", roles]` with `spec.env`. */
export function spawnNode(spec: NodeSpec): SpawnedNode {
  const name = `${spec.role}-${spec.index}`;
  const prefix = nodePrefix(spec.role, spec.index, spec.nodeId);
  const tail: string[] = [];
  let ready: NodeReady | undefined;
  let settle: { resolve(r: NodeReady): void; reject(e: Error): void } | undefined;
  const readyPromise = new Promise<NodeReady>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const fail = (reason: string) => {
    if (!settle) return;
    const { reject } = settle;
    settle = undefined;
    reject(new NodeStartError(name, spec.nodeId, reason, [...tail]));
  };

  const onLine = (line: string) => {
    const prefixed = prefixLogLine(prefix, line);
    tail.push(prefixed);
    if (tail.length > NODE_LOG_TAIL_LINES) tail.shift();
    spec.onLog(prefixed);
    const fields = settle ? parseReadyLine(line) : undefined;
    if (!fields || !settle) return;
    if (fields.nodeId !== spec.nodeId) {
      fail(`reported "${NODE_READY_MESSAGE}" with nodeId ${JSON.stringify(fields.nodeId)} instead of its NODE_ID`);
      return;
    }
    if ((spec.roles ?? [spec.role]).includes("api") !== (fields.url !== undefined)) {
      fail(`reported "${NODE_READY_MESSAGE}" ${fields.url === undefined ? "without" : "with"} a url although it ${fields.url === undefined ? "has" : "lacks"} the api role`);
      return;
    }
    ready = fields;
    const { resolve } = settle;
    settle = undefined;
    resolve(fields);
  };

  const proc = Bun.spawn([process.execPath, CLI_MAIN_PATH, "serve", "--roles", (spec.roles ?? [spec.role]).join(",")], {
    env: spec.env,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const exited = Promise.all([proc.exited, readLines(proc.stdout, onLine), readLines(proc.stderr, onLine)]).then(([code]) => code);
  let hasExited = false;
  void exited.then((code) => {
    hasExited = true;
    fail(`exited with code ${code} before it was ready`);
  });
  const timer = setTimeout(() => fail(`did not log "${NODE_READY_MESSAGE}" within ${spec.readyTimeoutMs} ms`), spec.readyTimeoutMs);
  void readyPromise.then(
    () => clearTimeout(timer),
    () => clearTimeout(timer),
  );
  const onAbort = () => fail("was aborted before it was ready");
  if (spec.signal?.aborted) onAbort();
  else spec.signal?.addEventListener("abort", onAbort, { once: true });

  const node: ClusterNode = {
    role: spec.role,
    index: spec.index,
    nodeId: spec.nodeId,
    pid: proc.pid,
    get url() {
      return ready?.url;
    },
    get metricsUrl() {
      return ready?.metricsUrl;
    },
    exited,
    kill(signal: NodeJS.Signals | number = "SIGTERM") {
      if (hasExited || proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill(signal);
    },
    logs: () => [...tail],
  };
  return { node, ready: readyPromise };
}
