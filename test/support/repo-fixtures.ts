/** Fixtures for repository tests: hand-built vectors, documents, chunks. */
import { EMBEDDING_DIMENSIONS } from "../../db/schema.ts";
import type { NewChunk, NewDocument, Repositories } from "../../db/repositories/index.ts";

export const MODEL = "test-model";
export const META = { embeddingModel: MODEL, chunker: "test-chunker@1" };

/** A 1536-dimension vector with the given components (index → value), L2-normalised. */
export function vec(components: Record<number, number>): Float32Array {
  const v = new Float32Array(EMBEDDING_DIMENSIONS);
  for (const [i, x] of Object.entries(components)) v[Number(i)] = x;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export function newDoc(userId: string, overrides: Partial<NewDocument> = {}): NewDocument {
  const id = crypto.randomUUID();
  return {
    id,
    userId,
    filename: "plan.pdf",
    bytes: 1234,
    sha256: crypto.randomUUID().replaceAll("-", ""),
    contentType: "application/pdf",
    storageKey: `${userId}/${id}.pdf`,
    ...overrides,
  };
}

/** Inserts a document and its queued job for `userId`. */
export async function docWithJob(repos: Repositories, userId: string, overrides: Partial<NewDocument> = {}) {
  return repos.documents.createWithJob(newDoc(userId, overrides), crypto.randomUUID());
}

export function chunk(ord: number, embedding: Float32Array, text = `chunk ${ord}`): NewChunk {
  return { id: crypto.randomUUID(), ord, text, pageStart: 1, pageEnd: 1, embedding };
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}
