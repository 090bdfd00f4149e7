/** Messages between the PGlite worker (host.ts) and its client (client.ts); plain data only. */

/** Options of the PGlite instance the worker opens. */
export interface PgliteHostOptions {
  /** Data directory; absent: in memory. */
  readonly dataDir?: string;
  /** WASM memory reserved at start, bytes (PGlite's `initialMemory`). Absent: PGlite's default. */
  readonly initialMemoryBytes?: number;
  /** `postgresql.conf` settings, e.g. `shared_buffers=16MB`. */
  readonly settings?: readonly string[];
}

/** Client → worker requests. `tx` names an open transaction (from `begin`). */
export type PgliteRequest =
  | { readonly op: "open"; readonly options: PgliteHostOptions }
  | {
      readonly op: "query";
      readonly sql: string;
      readonly params: readonly unknown[];
      readonly rowMode?: "array" | "object";
      readonly rawTypes?: readonly number[];
      readonly tx?: number;
      /** The file a `COPY … FROM '/dev/blob'` reads (PGlite's `blob` query option). */
      readonly blob?: Uint8Array;
    }
  | { readonly op: "exec"; readonly sql: string; readonly tx?: number }
  | { readonly op: "begin" }
  | { readonly op: "end"; readonly tx: number; readonly commit: boolean }
  | { readonly op: "close" };

/** A database error's fields (SQLSTATE `code`, `detail`, `constraint` …) that survive the thread boundary. */
export interface PgliteRemoteError {
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Worker → client replies, by request id. */
export type PgliteReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: PgliteRemoteError };
