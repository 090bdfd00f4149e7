import { describe, expect, test } from "bun:test";
import { CHUNK_COPY_GUARD_SQL, CHUNK_COPY_SQL, CHUNK_DIRECT_COPY_SQL, CHUNK_IDS_STORED_SQL, CHUNK_LOAD_UPSERT_SQL, chunkLoadTableSql, copyChunks, encodeChunkCopy, type CopyChunk, type CopySession } from "./chunk-copy.ts";

const ID = "0192f0c4-1b2a-7c3d-8e4f-a0b1c2d3e4f5";
const row = (over: Partial<CopyChunk> = {}): CopyChunk => ({ id: ID, ord: 7, text: "Deductible: $500 — ¿sí?", pageStart: 2, pageEnd: 3, embedding: new Float32Array([0.5, -0.25, 1]), ...over });

describe("encodeChunkCopy", () => {
  test("writes PostgreSQL's binary COPY layout: header, six fields per tuple, pgvector's send format, trailer", () => {
    const bytes = encodeChunkCopy([row()], 3);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect([...bytes.slice(0, 11)]).toEqual([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]);
    expect(view.getInt32(11)).toBe(0);
    expect(view.getInt32(15)).toBe(0);
    let o = 19;
    expect(view.getInt16(o)).toBe(6);
    o += 2;
    expect(view.getInt32(o)).toBe(16);
    expect(Buffer.from(bytes.slice(o + 4, o + 20)).toString("hex")).toBe(ID.replaceAll("-", ""));
    o += 20;
    expect([view.getInt32(o), view.getInt32(o + 4)]).toEqual([4, 7]);
    o += 8;
    const text = new TextEncoder().encode(row().text);
    expect(view.getInt32(o)).toBe(text.length);
    expect(new TextDecoder().decode(bytes.slice(o + 4, o + 4 + text.length))).toBe(row().text);
    o += 4 + text.length;
    expect([view.getInt32(o), view.getInt32(o + 4), view.getInt32(o + 8), view.getInt32(o + 12)]).toEqual([4, 2, 4, 3]);
    o += 16;
    expect(view.getInt32(o)).toBe(4 + 4 * 3);
    expect([view.getInt16(o + 4), view.getInt16(o + 6)]).toEqual([3, 0]);
    expect([view.getFloat32(o + 8), view.getFloat32(o + 12), view.getFloat32(o + 16)]).toEqual([0.5, -0.25, 1]);
    o += 20;
    expect(view.getInt16(o)).toBe(-1);
    expect(o + 2).toBe(bytes.length);
  });

  test("with an owner, its user id, document id, model and chunker follow each tuple's six fields", () => {
    const USER = "11111111-2222-4333-8444-555555555555";
    const DOC = "66666666-7777-4888-8999-aaaaaaaaaaaa";
    const plain = encodeChunkCopy([row()], 3);
    const owned = encodeChunkCopy([row(), row({ ord: 8 })], 3, { userId: USER, documentId: DOC, embeddingModel: "m1", chunker: "sentence_5" });
    const view = new DataView(owned.buffer, owned.byteOffset, owned.byteLength);
    expect(view.getInt16(19)).toBe(10);
    // The first tuple is the plain one (fields 1–6) with the count changed, then the four owner fields.
    const sixFields = plain.length - 19 - 2;
    expect([...owned.slice(21, 19 + sixFields)]).toEqual([...plain.slice(21, 19 + sixFields)]);
    let o = 19 + sixFields;
    expect(view.getInt32(o)).toBe(16);
    expect(Buffer.from(owned.slice(o + 4, o + 20)).toString("hex")).toBe(USER.replaceAll("-", ""));
    o += 20;
    expect(Buffer.from(owned.slice(o + 4, o + 20)).toString("hex")).toBe(DOC.replaceAll("-", ""));
    o += 20;
    expect(view.getInt32(o)).toBe(2);
    expect(new TextDecoder().decode(owned.slice(o + 4, o + 6))).toBe("m1");
    o += 6;
    expect(view.getInt32(o)).toBe(10);
    expect(new TextDecoder().decode(owned.slice(o + 4, o + 14))).toBe("sentence_5");
    o += 14;
    expect(view.getInt16(o)).toBe(10);
    expect(owned.length).toBe(19 + 2 * (sixFields + 20 + 20 + 6 + 14) + 2);
    expect(() => encodeChunkCopy([row()], 3, { userId: "u", documentId: DOC, embeddingModel: "m", chunker: "c" })).toThrow(/user id must be a UUID/);
  });

  test("an empty batch is a header and a trailer", () => {
    expect(encodeChunkCopy([], 3).length).toBe(19 + 2);
  });

  test("rejects what PostgreSQL would reject, before sending anything", () => {
    expect(() => encodeChunkCopy([row({ id: "not-a-uuid" })], 3)).toThrow(RangeError);
    expect(() => encodeChunkCopy([row({ embedding: [1, 2] })], 3)).toThrow(/3 values/);
    expect(() => encodeChunkCopy([row({ embedding: [1, Number.NaN, 2] })], 3)).toThrow(/finite/);
    expect(() => encodeChunkCopy([row({ ord: 1.5 })], 3)).toThrow(/ord/);
  });
});

describe("copyChunks", () => {
  test("one transaction per batch: temporary table, COPY, upsert with the user, document and meta", async () => {
    const calls: { batch: number; what: string; params?: readonly unknown[]; bytes?: number }[] = [];
    let batch = 0;
    const transaction = async <T>(fn: (s: CopySession) => Promise<T>): Promise<T> => {
      batch++;
      return fn({
        query: async (text, params) => void calls.push({ batch, what: text, ...(params ? { params } : {}) }),
        copyIn: async (statement, data) => void calls.push({ batch, what: statement, bytes: data.length }),
      });
    };
    const rows = [0, 1, 2].map((ord) => row({ ord, id: `${ID.slice(0, -1)}${ord}` }));
    const n = await copyChunks(transaction, "u", "d", { embeddingModel: "m", chunker: "c" }, rows, 3, { batchRows: 2 });
    expect(n).toBe(3);
    // The guard answers nothing here (no owner rows): every batch takes the upsert path.
    expect(calls.map((c) => [c.batch, c.what])).toEqual([
      [1, CHUNK_COPY_GUARD_SQL],
      [1, chunkLoadTableSql(3)],
      [1, CHUNK_COPY_SQL],
      [1, CHUNK_LOAD_UPSERT_SQL],
      [2, CHUNK_COPY_GUARD_SQL],
      [2, chunkLoadTableSql(3)],
      [2, CHUNK_COPY_SQL],
      [2, CHUNK_LOAD_UPSERT_SQL],
    ]);
    expect(calls[0]!.params).toEqual(["navigator.chunks:d", "d", "u"]);
    expect(calls[3]!.params).toEqual(["u", "d", "m", "c"]);
    expect(calls[2]!.bytes).toBe(encodeChunkCopy(rows.slice(0, 2), 3).length);
  });

  test("a batch none of whose ids is stored goes straight into chunks, under the guard's locks; otherwise, or without the document, it is upserted", async () => {
    const USER = "11111111-2222-4333-8444-555555555555";
    const DOC = "66666666-7777-4888-8999-aaaaaaaaaaaa";
    const calls: { batch: number; what: string; bytes?: number }[] = [];
    let batch = 0;
    let owners = 1;
    const storedIds = new Set([`${ID.slice(0, -1)}2`]);
    const transaction = async <T>(fn: (s: CopySession) => Promise<T>): Promise<T> => {
      const n = ++batch;
      return fn({
        query: async (text, params) => {
          calls.push({ batch: n, what: text });
          if (text === CHUNK_COPY_GUARD_SQL) return [{ locked: true, owners }];
          if (text === CHUNK_IDS_STORED_SQL) return { rows: [{ stored: (params![0] as string[]).some((id) => storedIds.has(id)) }] }; // PGlite's result shape
          return [];
        },
        copyIn: async (statement, data) => void calls.push({ batch: n, what: statement, bytes: data.length }),
      });
    };
    const rows = [0, 1, 2].map((ord) => row({ ord, id: `${ID.slice(0, -1)}${ord}` }));
    const meta = { embeddingModel: "m", chunker: "c" };
    expect(await copyChunks(transaction, USER, DOC, meta, rows, 3, { batchRows: 2 })).toBe(3);
    expect(calls.map((c) => [c.batch, c.what])).toEqual([
      [1, CHUNK_COPY_GUARD_SQL],
      [1, CHUNK_IDS_STORED_SQL],
      [1, CHUNK_DIRECT_COPY_SQL],
      [2, CHUNK_COPY_GUARD_SQL],
      [2, CHUNK_IDS_STORED_SQL],
      [2, chunkLoadTableSql(3)],
      [2, CHUNK_COPY_SQL],
      [2, CHUNK_LOAD_UPSERT_SQL],
    ]);
    expect(calls[2]!.bytes).toBe(encodeChunkCopy(rows.slice(0, 2), 3, { userId: USER, documentId: DOC, ...meta }).length);
    expect(calls[6]!.bytes).toBe(encodeChunkCopy(rows.slice(2), 3).length);

    // The document (or its user) is gone: no direct COPY (the upsert then fails on the foreign key).
    calls.length = 0;
    owners = 0;
    await copyChunks(transaction, USER, DOC, meta, rows.slice(0, 2), 3);
    expect(calls.map((c) => c.what)).toEqual([CHUNK_COPY_GUARD_SQL, chunkLoadTableSql(3), CHUNK_COPY_SQL, CHUNK_LOAD_UPSERT_SQL]);
  });

  test("concurrency: that many batches in flight, every row sent once; after a failure no new batch starts", async () => {
    let open = 0;
    let most = 0;
    const sent: number[] = [];
    const transaction = async <T>(fn: (s: CopySession) => Promise<T>): Promise<T> => {
      open++;
      most = Math.max(most, open);
      try {
        return await fn({
          query: async () => void (await Bun.sleep(1)),
          copyIn: async (_statement, data) => void sent.push(data.length),
        });
      } finally {
        open--;
      }
    };
    const rows = Array.from({ length: 7 }, (_, ord) => row({ ord, id: `${ID.slice(0, -1)}${ord}` }));
    expect(await copyChunks(transaction, "u", "d", { embeddingModel: "m", chunker: "c" }, rows, 3, { batchRows: 2, concurrency: 2 })).toBe(7);
    expect(most).toBe(2);
    expect(sent.reduce((a, b) => a + b, 0)).toBe([0, 2, 4, 6].map((i) => encodeChunkCopy(rows.slice(i, i + 2), 3).length).reduce((a, b) => a + b, 0));

    let started = 0;
    // The first batch fails at once; the other lane's batch succeeds later and must not be followed by another.
    const failing = async <T>(fn: (s: CopySession) => Promise<T>): Promise<T> => {
      if (++started === 1) throw new Error("refused");
      await Bun.sleep(10);
      return fn({ query: async () => undefined, copyIn: async () => undefined });
    };
    await expect(copyChunks(failing, "u", "d", { embeddingModel: "m", chunker: "c" }, rows, 3, { batchRows: 2, concurrency: 2 })).rejects.toThrow("refused");
    await Bun.sleep(40);
    expect(started).toBe(2);
    await expect(copyChunks(transaction, "u", "d", { embeddingModel: "m", chunker: "c" }, rows, 3, { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
