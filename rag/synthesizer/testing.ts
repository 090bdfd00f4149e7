/**
 * Unit-test fixtures for the synthesizer's sentence candidates (`Cand`) and windows (`Window`),
 * shared by the `*.test.ts` files beside it. Not used by production code.
 */
import type { RetrievedChunk } from "../types.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand, Window } from "./select.ts";

/** A retrieved chunk of one page of `d.pdf`, rank and scores neutral; its text is unused by the candidates. */
export const TEST_CHUNK: RetrievedChunk = { chunkId: "d#1", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 1, pageEnd: 1, similarity: 0.5, score: 0.5 };

/** One candidate per sentence text, in order (`idx` = position), all from `chunk` at `rank` (defaults: {@link TEST_CHUNK}, 0). */
export const cands = (texts: readonly string[], rank = 0, chunk: RetrievedChunk = TEST_CHUNK): Cand[] =>
  texts.map((text, idx) => ({ chunk, rank, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false }));

/** A window over `sents` with their terms, no values, score 1 and no label–value adjacency. */
export const win = (sents: readonly Cand[]): Window => ({ sents, terms: new Set(sents.flatMap((s) => [...s.f.terms])), values: new Set(), score: 1, adjacency: 0 });

/** An empty idf-weight map: no question term weighs anything. */
export const noTerms: ReadonlyMap<string, number> = new Map<string, number>();
