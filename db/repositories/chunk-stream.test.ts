import { describe, expect, test } from "bun:test";
import { CHUNK_COPY_GUARD_SQL, CHUNK_COPY_SQL, CHUNK_DIRECT_COPY_SQL, CHUNK_DOCUMENT_STORED_SQL, CHUNK_LOAD_UPSERT_SQL, chunkLoadTableSql, encodeChunkCopy, type CopyChunk, type CopySession } from "./chunk-copy.ts";
import { streamChunks } from "./chunk-stream.ts";

const ID = "0192f0c4-1b2a-7c3d-8e4f-a0b1c2d3e4f5";
const row = (over: Partial<CopyChunk> = {}): CopyChunk => ({ id: ID, ord: 7, text: "Deductible: $500 — ¿sí?", pageStart: 2, pageEnd: 3, embedding: new Float32Array([0.5, -0.25, 1]), ...over });

describe("streamChunks", () => {
  // (the fake transactions answer the guard: the document exists)
  const USER = "11111111-2222-4333-8444-555555555555";
  const DOC = "66666666-7777-4888-8999-aaaaaaaaaaaa";
  const meta = { embeddingModel: "m", chunker: "c" };
  const rows = [0, 1, 2].map((ord) => row({ ord, id: `${ID.slice(0, -1)}${ord}` }));
  /** A fake transaction recording its statements; `outcome` resolves with how it ended. */
  const recorder = () => {
    const calls: string[] = [];
    let outcome: Promise<string> = Promise.resolve("not started");
    /** A transaction on a document without chunks (`fresh`) or with some. */
    const transaction =
      (fresh: boolean) =>
      <T>(fn: (s: CopySession) => Promise<T>): Promise<T> => {
        const run = fn({
          query: async (text) => {
            calls.push(text);
            if (text === CHUNK_COPY_GUARD_SQL) return [{ locked: true, owners: 1 }];
            if (text === CHUNK_DOCUMENT_STORED_SQL) return [{ stored: !fresh }];
            return [];
          },
          copyIn: async (statement, data) => void calls.push(`${statement} [${data.length}]`),
        });
        outcome = run.then(() => "commit", () => "rollback");
        return run;
      };
    return { calls, transaction, outcome: () => outcome };
  };

  test("fresh: each batch is copied into chunks as it is added, in one transaction committed by finish", async () => {
    const r = recorder();
    const stream = streamChunks(r.transaction(true), USER, DOC, meta, 3);
    stream.add(rows.slice(0, 2));
    await Bun.sleep(5);
    const owned = (batch: readonly CopyChunk[]) => `${CHUNK_DIRECT_COPY_SQL} [${encodeChunkCopy(batch, 3, { userId: USER, documentId: DOC, ...meta }).length}]`;
    expect(r.calls).toEqual([CHUNK_COPY_GUARD_SQL, CHUNK_DOCUMENT_STORED_SQL, owned(rows.slice(0, 2))]); // copied before finish: storing overlaps the producer
    stream.add(rows.slice(2));
    expect(await stream.finish()).toBe(3);
    expect(r.calls).toEqual([CHUNK_COPY_GUARD_SQL, CHUNK_DOCUMENT_STORED_SQL, owned(rows.slice(0, 2)), owned(rows.slice(2))]);
    expect(await r.outcome()).toBe("commit");
    expect(() => stream.add(rows)).toThrow(/finished/);
  });

  test("not fresh: through the temporary table, one upsert at finish", async () => {
    const r = recorder();
    const stream = streamChunks(r.transaction(false), USER, DOC, meta, 3);
    stream.add(rows.slice(0, 1));
    stream.add(rows.slice(1));
    expect(await stream.finish()).toBe(3);
    expect(r.calls).toEqual([
      CHUNK_COPY_GUARD_SQL,
      CHUNK_DOCUMENT_STORED_SQL,
      chunkLoadTableSql(3),
      `${CHUNK_COPY_SQL} [${encodeChunkCopy(rows.slice(0, 1), 3).length}]`,
      `${CHUNK_COPY_SQL} [${encodeChunkCopy(rows.slice(1), 3).length}]`,
      CHUNK_LOAD_UPSERT_SQL,
    ]);
  });

  test("abort rolls the transaction back and finish rejects with the reason; a failed COPY rejects finish", async () => {
    const r = recorder();
    const stream = streamChunks(r.transaction(true), USER, DOC, meta, 3);
    stream.add(rows);
    await Bun.sleep(5);
    stream.abort(new Error("worker died"));
    await expect(stream.finish()).rejects.toThrow("worker died");
    expect(await r.outcome()).toBe("rollback");

    const failing = <T>(fn: (s: CopySession) => Promise<T>): Promise<T> =>
      fn({ query: async (text) => (text === CHUNK_COPY_GUARD_SQL ? [{ owners: 1 }] : [{ stored: false }]), copyIn: async () => Promise.reject(Object.assign(new Error("duplicate key"), { code: "23505" })) });
    const refused = streamChunks(failing, USER, DOC, meta, 3);
    refused.add(rows);
    await expect(refused.finish()).rejects.toThrow("duplicate key");
  });
});
