/**
 * Entry module of the PGlite worker: owns the embedded database (PostgreSQL in WASM, with
 * pgvector) so its synchronous query execution runs on this thread, not on the server's event
 * loop. Serves {@link PgliteRequest}s; PGlite's own mutex orders them (a query outside a
 * transaction waits for an open one to end).
 */
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { loadableExtension } from "../pglite-bundles.ts";
import type { PgliteReply, PgliteRequest } from "./protocol.ts";

declare const self: { addEventListener(type: "message", listener: (event: MessageEvent) => void): void };

const identity = (value: unknown) => value;
let pg: PGlite | undefined;
let nextTx = 1;
const transactions = new Map<number, { readonly tx: Transaction; readonly end: (commit: boolean) => void; readonly settled: Promise<void> }>();
const ROLLBACK = Symbol("rollback");

const client = (tx: number | undefined): Transaction | PGlite => {
  if (tx === undefined) return pg!;
  const open = transactions.get(tx);
  if (!open) throw new Error(`transaction ${tx} is not open`);
  return open.tx;
};

async function handle(req: PgliteRequest): Promise<unknown> {
  switch (req.op) {
    case "open": {
      const o = req.options;
      pg = await PGlite.create({
        dataDir: o.dataDir,
        // Inside a compiled binary the pgvector bundle is copied out of the binary first.
        extensions: { vector: loadableExtension(vector) },
        ...(o.initialMemoryBytes ? { initialMemory: o.initialMemoryBytes } : {}),
        ...(o.settings?.length ? { postgresqlconf: [...o.settings] } : {}),
      });
      return null;
    }
    case "query": {
      const parsers = Object.fromEntries((req.rawTypes ?? []).map((oid) => [oid, identity]));
      return client(req.tx).query(req.sql, [...req.params], { rowMode: req.rowMode, parsers, ...(req.blob ? { blob: new Blob([req.blob as Uint8Array<ArrayBuffer>]) } : {}) });
    }
    case "exec":
      return client(req.tx).exec(req.sql);
    case "begin": {
      const id = nextTx++;
      let end!: (commit: boolean) => void;
      const decided = new Promise<boolean>((resolve) => (end = resolve));
      let started!: () => void;
      const ready = new Promise<void>((resolve) => (started = resolve));
      const settled = pg!
        .transaction(async (tx) => {
          transactions.set(id, { tx, end, settled });
          started();
          if (!(await decided)) throw ROLLBACK;
        })
        .then(
          () => undefined,
          (error: unknown) => {
            if (error !== ROLLBACK) throw error;
          },
        )
        .finally(() => transactions.delete(id));
      // A transaction that failed to start rejects `settled` before `ready`.
      await Promise.race([ready, settled]);
      return id;
    }
    case "end": {
      const open = transactions.get(req.tx);
      if (!open) throw new Error(`transaction ${req.tx} is not open`);
      open.end(req.commit);
      await open.settled;
      return null;
    }
    case "close":
      await pg?.close();
      pg = undefined;
      return null;
  }
}

function toRemote(error: unknown) {
  const e = (error ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (v === null || ["string", "number", "boolean"].includes(typeof v)) fields[k] = v;
  return { name: typeof e.name === "string" ? e.name : "Error", message: typeof e.message === "string" ? e.message : String(error), fields };
}

self.addEventListener("message", async (event: MessageEvent<{ id: number; req: PgliteRequest }>) => {
  const { id, req } = event.data;
  let reply: PgliteReply;
  try {
    reply = { id, ok: true, value: await handle(req) };
  } catch (error) {
    reply = { id, ok: false, error: toRemote(error) };
  }
  postMessage(reply);
});
