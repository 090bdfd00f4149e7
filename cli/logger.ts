import pino from "pino";
import { privateLoggerOptions, type Logger } from "../runtime/index.ts";

/**
 * A pino logger writing JSON lines to stderr at `level` (stdout stays clean for `--json`), with
 * credentials redacted and query parameters scrubbed (runtime/log-privacy.ts).
 */
export function createCliLogger(level: string): Logger {
  return pino(privateLoggerOptions(level, { pid: process.pid }), pino.destination(2)) as unknown as Logger;
}
