/**
 * The process logger: pino, JSON lines (or `LOG_FORMAT=pretty` through pino-pretty for a
 * terminal), every line carrying `node_id`, and — inside a request or a trace — `request_id`,
 * `trace_id` and `span_id` read from the active OpenTelemetry context (the request id travels in
 * W3C baggage, so an agent node's lines for a request carry the api node's id).
 */
import pino from "pino";
import pretty from "pino-pretty";
import { REQUEST_ID_BAGGAGE_KEY } from "../../http/request-context.ts";
import type { LogFormat } from "../telemetry-config.ts";
import { activeSpanIds, correlationValue, privateLoggerOptions, type Logger } from "../../runtime/index.ts";


/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level (`trace` … `fatal`, `silent`). */
  readonly level: string;
  /** `json` (default) or `pretty`. */
  readonly format?: LogFormat;
  /** This process's node id, on every line. */
  readonly nodeId?: string;
  /** File descriptor written to. Default 2 (stderr: stdout stays clean for `--json` output). */
  readonly fd?: number;
  /** Write here instead of `fd` (tests). */
  readonly stream?: NodeJS.WritableStream;
}

/** The ids of the active request and span, for pino's `mixin`. */
export function logContext(): Record<string, string> {
  const out: Record<string, string> = {};
  const requestId = correlationValue(REQUEST_ID_BAGGAGE_KEY);
  if (requestId) out.request_id = requestId;
  const ids = activeSpanIds();
  if (ids) {
    out.trace_id = ids.traceId;
    out.span_id = ids.spanId;
  }
  return out;
}

/** Creates the process logger (see the module comment). */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.fd ?? 2;
  // Credentials redacted and query parameters scrubbed (runtime/log-privacy.ts).
  const settings = {
    ...privateLoggerOptions(options.level, { pid: process.pid, ...(options.nodeId ? { node_id: options.nodeId } : {}) }),
    mixin: logContext,
  };
  const destination =
    options.format === "pretty"
      ? pretty({ destination: options.stream ?? fd, sync: true, colorize: options.stream ? false : Boolean(process.stderr.isTTY) })
      : (options.stream ?? pino.destination(fd));
  return pino(settings, destination) as unknown as Logger;
}
