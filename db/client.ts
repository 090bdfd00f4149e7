/**
 * Database client factory: PGlite (real PostgreSQL compiled to WASM, with pgvector) stored under a
 * directory when no URL is given, PostgreSQL through postgres.js otherwise. Both are returned as
 * the same drizzle `PgDatabase`, so repositories have one code path.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { isCompiledBinary, loadableExtension } from "./pglite-bundles.ts";
import { openWorkerPglite, type PgliteQueryable } from "./pglite/index.ts";
import type { CopyTransaction } from "./repositories/chunk-copy.ts";
import { schema } from "./schema.ts";

/** The drizzle database every repository takes. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Default size of the postgres.js connection pool (connections). */
export const DEFAULT_POOL_SIZE = 10;
/**
 * Default statement timeout, milliseconds: longer than any request's own queries (p95 of a chat
 * turn's queries is a few ms; the 232-page EOC's chunk upsert ≈ 1 s), short enough that a stuck
 * database answers 503 well before a client gives up.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
/** Default connection timeout, milliseconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/**
 * `ping` on the embedded database: an answer the database worker gave to any query within this
 * many milliseconds counts as the answer to the ping, so a health check does not queue behind a
 * bulk insert (PGlite runs one statement at a time).
 */
export const PGLITE_PING_FRESH_MS = 1_000;

/**
 * A `COPY … FROM STDIN …` statement as PGlite runs it: from `'/dev/blob'`, the file its `blob`
 * query option provides (PGlite has no COPY sub-protocol).
 * @throws RangeError when the statement has no `from stdin`
 */
export function pgliteCopyStatement(statement: string): string {
  const out = statement.replace(/\bfrom\s+stdin\b/i, "from '/dev/blob'");
  if (out === statement) throw new RangeError(`not a COPY … FROM STDIN statement: ${statement}`);
  return out;
}

/** Options of {@link createDatabase}. */
export interface DatabaseOptions {
  /** `postgres://…` URL. When absent, PGlite is used. */
  readonly url?: string;
  /**
   * PGlite data directory. Absent (or `"memory://"`) means in memory — for tests.
   * Ignored when `url` is set.
   */
  readonly dataDir?: string;
  /** postgres.js pool size (connections). Default {@link DEFAULT_POOL_SIZE}. */
  readonly poolSize?: number;
  /**
   * PostgreSQL `statement_timeout` of every connection, milliseconds (0 = none): a statement
   * running longer is cancelled (SQLSTATE 57014). Default {@link DEFAULT_STATEMENT_TIMEOUT_MS}.
   */
  readonly statementTimeoutMs?: number;
  /** How long opening a connection may take, milliseconds. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
  /**
   * PEM CA bundle that must have signed the server's certificate: TLS is then required and the
   * certificate and host name verified (libpq's `sslmode=verify-full`). Without it the URL's own
   * `sslmode` applies (`disable`, `prefer`, `require`, `verify-full`, as postgres.js reads it).
   */
  readonly sslCa?: string;
  /**
   * Run PGlite in a worker thread (queries then never block the caller's event loop). Default
   * true; false runs it in this thread (what the issue-13 measurements call "never yields").
   * A compiled `navigator` binary always runs it in this thread (see createDatabase).
   */
  readonly pgliteWorker?: boolean;
  /**
   * PGlite's WASM memory at start, bytes (a multiple of 64 KiB; it grows on demand). Default:
   * PGlite's own, 128 MiB, which is also the least its WASM module accepts (0.5.16).
   */
  readonly pgliteInitialMemoryBytes?: number;
  /** PGlite's `postgresql.conf` settings. Default {@link DEFAULT_PGLITE_SETTINGS}. */
  readonly pgliteSettings?: readonly string[];
}

/**
 * Default PGlite server settings: a smaller buffer cache and per-operation memory than
 * PostgreSQL's defaults (one user, one connection), so the embedded database stays small.
 */
export const DEFAULT_PGLITE_SETTINGS: readonly string[] = ["shared_buffers=16MB", "work_mem=4MB", "maintenance_work_mem=16MB", "temp_buffers=2MB"];

/** An open database and how to close it. */
export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: "pglite" | "postgres";
  /** Runs raw SQL (several statements allowed); used for migrations and maintenance. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` while holding the session-level PostgreSQL advisory lock `key` (`pg_advisory_lock`),
   * so that processes sharing one server run it one at a time; `fn` uses `db` as usual. postgres:
   * the lock is held on a reserved pool connection (on a dedicated extra connection when the pool
   * has a single one, so `fn` can still query), released after `fn` settles, or by the server if
   * the process dies. pglite: one process owns the files, so `fn` simply runs.
   * Waits as long as another session holds the lock.
   * @returns what `fn` resolves to; rejects with what `fn` or the driver threw (the lock is released either way).
   */
  withAdvisoryLock<T>(key: bigint, fn: () => Promise<T>): Promise<T>;
  /**
   * Resolves when the database answers, for health checks: postgres runs `select 1` on a
   * connection of its own (never waiting for a busy pool); a PGlite worker that answered within
   * {@link PGLITE_PING_FRESH_MS} counts as answering, else `select 1`. Rejects with the driver's error.
   */
  ping(): Promise<void>;
  /**
   * A transaction that can load `COPY … FROM STDIN` data (bulk chunk storage): postgres streams it
   * on one pool connection; PGlite reads it as `COPY … FROM '/dev/blob'` (its `blob` query option).
   */
  readonly copyTransaction?: CopyTransaction;
  close(): Promise<void>;
}

/**
 * Opens the database described by `options`.
 * @throws Error from the driver when PGlite cannot open `dataDir` (e.g. locked by another process).
 */
export async function createDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new RangeError(`poolSize must be a positive integer, got ${poolSize}`);
    const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 0) throw new RangeError(`statementTimeoutMs must be an integer ≥ 0, got ${statementTimeoutMs}`);
    if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1) throw new RangeError(`connectTimeoutMs must be an integer ≥ 1, got ${connectTimeoutMs}`);
    const client = postgres(options.url, {
      max: poolSize,
      onnotice: () => {},
      connect_timeout: connectTimeoutMs / 1000,
      connection: { statement_timeout: statementTimeoutMs },
      ...(options.sslCa ? { ssl: { ca: options.sslCa, rejectUnauthorized: true } } : {}),
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Database;
    // Health checks' own connection, opened on the first ping.
    let pinger: postgres.Sql | undefined;
    return {
      db,
      kind: "postgres",
      ping: async () => {
        pinger ??= postgres(options.url as string, {
          max: 1,
          onnotice: () => {},
          connect_timeout: connectTimeoutMs / 1000,
          connection: { statement_timeout: statementTimeoutMs },
          ...(options.sslCa ? { ssl: { ca: options.sslCa, rejectUnauthorized: true } } : {}),
        });
        await pinger`select 1`;
      },
      exec: async (text) => {
        await client.unsafe(text);
      },
      withAdvisoryLock: async (key, fn) => {
        const own = poolSize === 1
          ? postgres(options.url as string, { max: 1, onnotice: () => {}, ...(options.sslCa ? { ssl: { ca: options.sslCa, rejectUnauthorized: true } } : {}) })
          : undefined;
        const session = own ? await own.reserve() : await client.reserve();
        try {
          await session`select pg_advisory_lock(${key.toString()}::bigint)`;
          try {
            return await fn();
          } finally {
            await session`select pg_advisory_unlock(${key.toString()}::bigint)`;
          }
        } finally {
          session.release();
          await own?.end({ timeout: 5 });
        }
      },
      copyTransaction: <T>(fn: Parameters<CopyTransaction>[0]) =>
        client.begin((tx) =>
          fn({
            query: (text, params = []) => tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]),
            copyIn: async (statement, data) => {
              const stream = await tx.unsafe(statement).writable();
              await new Promise<void>((resolve, reject) => {
                stream.once("error", reject);
                stream.once("finish", resolve);
                stream.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
              });
            },
          }),
        ) as Promise<T>,
      close: async () => {
        await pinger?.end({ timeout: 5 });
        await client.end({ timeout: 5 });
      },
    };
  }
  const dataDir = options.dataDir && options.dataDir !== "memory://" ? options.dataDir : undefined;
  const initialMemoryBytes = options.pgliteInitialMemoryBytes;
  const settings = options.pgliteSettings ?? DEFAULT_PGLITE_SETTINGS;
  const client =
    // Inside a compiled binary PGlite runs on this thread: its WASM, data and extension files are
    // embedded beside the main module, where a worker's relative lookups do not find them.
    options.pgliteWorker === false || isCompiledBinary()
      ? await PGlite.create({ dataDir, extensions: { vector: loadableExtension(vector) }, ...(initialMemoryBytes ? { initialMemory: initialMemoryBytes } : {}), postgresqlconf: [...settings] })
      : await openWorkerPglite({ dataDir, initialMemoryBytes, settings });
  const db = drizzlePglite({ client: client as PGlite, schema }) as unknown as Database;
  // The worker's client copies bytes to the worker; PGlite in this thread takes a Blob.
  const copyClient = client as unknown as { transaction<T>(fn: (tx: PgliteQueryable) => Promise<T>): Promise<T> };
  const blobOf = (data: Uint8Array) => ("lastAnswerAt" in client ? data : (new Blob([data as Uint8Array<ArrayBuffer>]) as unknown as Uint8Array));
  const answeredAt = "lastAnswerAt" in client ? () => client.lastAnswerAt() : () => Number.NEGATIVE_INFINITY;
  return {
    db,
    kind: "pglite",
    ping: async () => {
      if (performance.now() - answeredAt() <= PGLITE_PING_FRESH_MS) return;
      await client.query("select 1");
    },
    exec: async (text) => {
      await client.exec(text);
    },
    withAdvisoryLock: (_key, fn) => fn(),
    copyTransaction: <T>(fn: Parameters<CopyTransaction>[0]) =>
      copyClient.transaction((tx) =>
        fn({
          query: (text, params = []) => tx.query(text, [...params]),
          copyIn: async (statement, data) => {
            await tx.query(pgliteCopyStatement(statement), [], { blob: blobOf(data) });
          },
        }),
      ) as Promise<T>,
    close: () => client.close(),
  };
}
