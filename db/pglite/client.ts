/**
 * A PGlite database running in a Bun Worker (see host.ts), with the client surface drizzle's
 * PGlite driver uses (`query`, `exec`, `transaction`): embedded queries no longer run on the
 * caller's event loop, so HTTP, SSE and WebSocket traffic flows while they execute.
 *
 * Type parsing: results are parsed in the worker by PGlite's default parsers; a query's
 * `options.parsers` (functions, which cannot cross threads) are taken as "leave these types
 * raw" — what drizzle asks for (timestamps, dates, intervals, numeric[] … as strings).
 */
import { workerModuleUrl } from "../pglite-bundles.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { PgliteHostOptions, PgliteReply, PgliteRequest } from "./protocol.ts";

/** The query surface drizzle-orm/pglite calls on its client (and inside a transaction). */
export interface PgliteQueryable {
  /** `options.blob`: the bytes a `COPY … FROM '/dev/blob'` statement reads (copied to the worker). */
  query<T>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: "array" | "object"; parsers?: Record<number, unknown>; blob?: Uint8Array },
  ): Promise<{ rows: T[]; fields: unknown[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown[]>;
}

/** A PGlite in a worker. */
export interface WorkerPglite extends PgliteQueryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(fn: (tx: PgliteQueryable) => Promise<T>): Promise<T>;
  /** Closes the database (flushing it to `dataDir`) and stops the worker. Idempotent. */
  close(): Promise<void>;
  /** `performance.now()` of the database's last answer (a result or an SQL error); −Infinity before any and once the worker is gone. */
  lastAnswerAt(): number;
}

/**
 * Starts the worker and opens the database in it.
 * @throws Error (with the database's fields, e.g. `code`) when PGlite cannot open `dataDir`
 */
export async function openWorkerPglite(options: PgliteHostOptions = {}): Promise<WorkerPglite> {
  // PGlite's first open of a data directory runs initdb, whose WASM instance leaves ~700 MB
  // resident (measured, 0.5.16); a worker of its own gives all of it back when it ends. Reopening
  // an initialised directory costs ~150 MB.
  if (options.dataDir && !existsSync(join(options.dataDir, "PG_VERSION"))) {
    const first = await startWorker(options);
    await first.close();
  }
  return startWorker(options);
}

async function startWorker(options: PgliteHostOptions): Promise<WorkerPglite> {
  const worker = new Worker(workerModuleUrl(new URL("./host.ts", import.meta.url), "db/pglite/host.ts"));
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closed: Promise<void> | undefined;
  let dead: Error | undefined;
  let answeredAt = Number.NEGATIVE_INFINITY;
  worker.onmessage = (event: MessageEvent<PgliteReply>) => {
    const reply = event.data;
    answeredAt = performance.now();
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.value);
    else w.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }, reply.error.fields));
  };
  const fail = (error: Error) => {
    dead ??= error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.addEventListener("error", (e) => fail(Object.assign(new Error(`the database worker failed: ${(e as ErrorEvent).message}`), { code: "08006" })));
  worker.addEventListener("close", () => fail(Object.assign(new Error("the database worker stopped"), { code: "08006" })));
  const call = <T>(req: PgliteRequest): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, req });
    });
  };
  const queryable = (tx?: number): PgliteQueryable => ({
    query: (sql, params = [], o = {}) =>
      call({ op: "query", sql, params, rowMode: o.rowMode, rawTypes: o.parsers ? Object.keys(o.parsers).map(Number) : undefined, tx, ...(o.blob ? { blob: o.blob } : {}) }),
    exec: (sql) => call({ op: "exec", sql, tx }),
  });
  try {
    await call({ op: "open", options });
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    ...queryable(),
    async transaction(fn) {
      const tx = await call<number>({ op: "begin" });
      let result;
      try {
        result = await fn(queryable(tx));
      } catch (error) {
        await call({ op: "end", tx, commit: false }).catch(() => {});
        throw error;
      }
      await call({ op: "end", tx, commit: true });
      return result;
    },
    lastAnswerAt: () => (dead ? Number.NEGATIVE_INFINITY : answeredAt),
    close() {
      closed ??= call({ op: "close" })
        .catch(() => {})
        .then(() => {
          dead ??= Object.assign(new Error("the database is closed"), { code: "08006" });
          worker.terminate();
        });
      return closed;
    },
  };
}
