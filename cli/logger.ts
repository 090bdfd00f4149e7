import pino from "pino";
import type { Logger } from "../runtime/index.ts";

/** A pino logger writing JSON lines to stderr at `level` (stdout stays clean for `--json`). */
export function createCliLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination(2)) as unknown as Logger;
}
