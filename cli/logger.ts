import type { LogFormat } from "../app/telemetry-config.ts";
import { createLogger } from "../app/telemetry/index.ts";
import type { Logger } from "../runtime/index.ts";

/**
 * A pino logger writing to stderr at `level` (stdout stays clean for `--json`), with credentials
 * redacted and query parameters scrubbed (runtime/log-privacy.ts): JSON lines, or pino-pretty with
 * `format` `pretty`; `nodeId` goes on every line.
 */
export function createCliLogger(level: string, options: { format?: LogFormat; nodeId?: string } = {}): Logger {
  return createLogger({ level, format: options.format ?? (process.env.LOG_FORMAT === "pretty" ? "pretty" : "json"), ...(options.nodeId ? { nodeId: options.nodeId } : {}) });
}
