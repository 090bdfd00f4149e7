/**
 * Test support for code that needs a `Logger`: records every call instead of printing.
 * Not exported from the runtime's index (import it from "runtime/testing.ts" in tests).
 */

import type { Logger } from "./types.ts";

/** One recorded log call; `bindings` are the merged bindings of the child chain. */
export interface LogEntry {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly obj: object;
  readonly msg?: string;
  readonly bindings: object;
}

/** A Logger that appends to `entries` (shared by all its children). */
export interface RecordingLogger extends Logger {
  readonly entries: LogEntry[];
  /** Entries of `level`, optionally only those whose message contains `text`. */
  at(level: LogEntry["level"], text?: string): LogEntry[];
}

/** Creates a recording logger with no bindings. */
export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const make = (bindings: object): RecordingLogger => ({
    entries,
    at: (level, text) => entries.filter((e) => e.level === level && (text === undefined || e.msg?.includes(text))),
    debug: (obj, msg) => void entries.push({ level: "debug", obj, msg, bindings }),
    info: (obj, msg) => void entries.push({ level: "info", obj, msg, bindings }),
    warn: (obj, msg) => void entries.push({ level: "warn", obj, msg, bindings }),
    error: (obj, msg) => void entries.push({ level: "error", obj, msg, bindings }),
    child: (more) => make({ ...bindings, ...more }),
  });
  return make({});
}
