import { describe, expect, test } from "bun:test";
import type { ChunkStream, Repositories } from "../../db/index.ts";
import { earlyChunkStore, type EarlyStoreTarget } from "./early-store.ts";
import type { EmbeddedBatch } from "./workers/protocol.ts";

const target: EarlyStoreTarget = { userId: "u", documentId: "d", chunker: "sentence_5@2", embeddingModel: "hashed", chunkId: (ord) => `id-${ord}` };
const draft = (ordinal: number) => ({ ordinal, text: `chunk ${ordinal}`, pageStart: 1, pageEnd: 2 });
const batch = (from: number, n: number, over: Partial<EmbeddedBatch> = {}): EmbeddedBatch => ({
  from,
  drafts: Array.from({ length: n }, (_, i) => draft(from + i)),
  vectors: Array.from({ length: n }, () => new Float32Array([1, 0])),
  embeddingModel: "hashed",
  chunkerVersion: "sentence_5@2",
  ...over,
});

/** Chunk repository whose streams record what they were given and how they ended. */
function fakeRepos() {
  const streams: { opened: unknown[]; rows: string[]; ended?: string }[] = [];
  const chunks = {
    openStream: (...opened: unknown[]): ChunkStream => {
      const s: (typeof streams)[number] = { opened, rows: [] };
      streams.push(s);
      return {
        add: (rows) => void s.rows.push(...rows.map((r) => `${r.id}:${r.ord}:${r.text}`)),
        finish: async () => ((s.ended = "commit"), s.rows.length),
        abort: (reason) => void (s.ended = `rollback: ${(reason as Error).message}`),
      };
    },
  };
  return { repos: { chunks } as unknown as Pick<Repositories, "chunks">, streams };
}

describe("earlyChunkStore", () => {
  test("opens one stream on the first batch, adds every batch's rows with the document's chunk ids, and hands it over when it holds all the rows", async () => {
    const { repos, streams } = fakeRepos();
    const store = earlyChunkStore(repos, target);
    store.onEmbedded!(batch(0, 2));
    store.onEmbedded!(batch(2, 1));
    expect(streams).toHaveLength(1);
    expect(streams[0]!.opened).toEqual(["u", "d", { embeddingModel: "hashed", chunker: "sentence_5@2" }]);
    expect(streams[0]!.rows).toEqual(["id-0:0:chunk 0", "id-1:1:chunk 1", "id-2:2:chunk 2"]);
    const stream = store.take(3);
    expect(await stream?.finish()).toBe(3);
    expect(streams[0]!.ended).toBe("commit");
  });

  test("rolls back when the rows to store are not exactly the streamed ones, or when the run fails", () => {
    const short = fakeRepos();
    const a = earlyChunkStore(short.repos, target);
    a.onEmbedded!(batch(0, 2));
    expect(a.take(3)).toBeUndefined();
    expect(short.streams[0]!.ended).toStartWith("rollback");

    const failed = fakeRepos();
    const b = earlyChunkStore(failed.repos, target);
    b.onEmbedded!(batch(0, 2));
    b.abort(new Error("parse_timeout"));
    expect(failed.streams[0]!.ended).toBe("rollback: parse_timeout");
    b.onEmbedded!(batch(2, 1)); // a late batch opens nothing
    expect(b.take(3)).toBeUndefined();
    expect(failed.streams).toHaveLength(1);
  });

  test("a batch of another chunker or model, or out of order, rolls the stream back", () => {
    for (const wrong of [batch(2, 1, { chunkerVersion: "fixed@1" }), batch(2, 1, { embeddingModel: "openai" }), batch(3, 1)]) {
      const { repos, streams } = fakeRepos();
      const store = earlyChunkStore(repos, target);
      store.onEmbedded!(batch(0, 2));
      store.onEmbedded!(wrong);
      expect(streams[0]!.ended).toStartWith("rollback");
      expect(store.take(3)).toBeUndefined();
    }
  });

  test("without openStream (PGlite) there is nothing to hand to the preparer", () => {
    const store = earlyChunkStore({ chunks: {} } as unknown as Pick<Repositories, "chunks">, target);
    expect(store.onEmbedded).toBeUndefined();
    expect(store.take(0)).toBeUndefined();
  });
});
