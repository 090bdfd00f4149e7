/**
 * Log lines of cluster nodes: recognising the ready line (./protocol.ts), rendering pino JSON
 * lines for people, and splitting a byte stream into lines. Pure functions except {@link readLines}.
 */
import { NODE_READY_MESSAGE, type NodeReady } from "./protocol.ts";

/** pino's numeric levels and their names (pino's defaults: `pino.levels.values`). */
const LEVEL_NAMES: Readonly<Record<number, string>> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };
/** pino fields left out of the rendering: the prefix already says who, and time is the reader's. */
const HIDDEN_KEYS = new Set(["level", "time", "msg", "pid", "hostname", "v", "node_id"]);

/** Parses a pino JSON line; undefined when `line` is not a JSON object with a numeric `level`. */
export function parsePinoLine(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    return typeof record.level === "number" ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Renders one line of a node's output for people: a pino JSON line becomes
 * `LEVEL msg key=value …` (string values bare unless they contain spaces, quotes or `=`, then
 * JSON-quoted; other values as JSON; `level`, `time`, `msg`, `pid`, `hostname`, `node_id` (the prefix names the node) left out); any
 * other line is returned unchanged.
 */
export function renderLogLine(line: string): string {
  const record = parsePinoLine(line);
  if (!record) return line;
  const level = LEVEL_NAMES[record.level as number] ?? `LEVEL${String(record.level)}`;
  const parts = [level];
  if (typeof record.msg === "string" && record.msg !== "") parts.push(record.msg);
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN_KEYS.has(key) || value === undefined) continue;
    parts.push(`${key}=${renderValue(value)}`);
  }
  return parts.join(" ");
}

function renderValue(value: unknown): string {
  if (typeof value === "string") return value === "" || /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** The prefix of a node's lines: `[api-0 api-0-3f2a]` (node name = role and index, then node id). */
export function nodePrefix(role: string, index: number, nodeId: string): string {
  return `[${role}-${index} ${nodeId}]`;
}

/** `prefix` + space + {@link renderLogLine}(`line`). */
export function prefixLogLine(prefix: string, line: string): string {
  return `${prefix} ${renderLogLine(line)}`;
}

/**
 * The fields of a ready line ({@link NODE_READY_MESSAGE}), or undefined for any other line
 * (including a ready line whose `nodeId` is not a string or whose `roles` is not an array).
 */
export function parseReadyLine(line: string): NodeReady | undefined {
  const record = parsePinoLine(line);
  if (!record || record.msg !== NODE_READY_MESSAGE) return undefined;
  const { nodeId, roles, url, metricsUrl } = record;
  if (typeof nodeId !== "string" || !Array.isArray(roles)) return undefined;
  return { nodeId, roles: roles.map(String), ...(typeof url === "string" ? { url } : {}), ...(typeof metricsUrl === "string" ? { metricsUrl } : {}) };
}

/**
 * Reads `stream` as UTF-8 and calls `onLine` for every line (without its `\n` or `\r\n`),
 * including a last line without a newline. Resolves when the stream ends; never rejects (a read
 * error ends the reading).
 */
export async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let rest = "";
  const emit = (text: string) => {
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
  };
  try {
    for await (const chunk of stream) emit(rest + decoder.decode(chunk, { stream: true }));
  } catch {
    // The child's pipe broke: what was read is all there is.
  }
  const tail = rest + decoder.decode();
  if (tail !== "") emit(`${tail}\n`);
}
